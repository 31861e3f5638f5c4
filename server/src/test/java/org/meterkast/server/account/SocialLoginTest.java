package org.meterkast.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Log in with Google" end to end, against a real OpenID Connect provider: a Spring Authorization Server started by
 * this test in the same JVM, on its own port, that Meterkast knows as the {@code google} registration through its
 * issuer URI. A client without a browser walks every redirect itself: Meterkast to the provider's authorize
 * endpoint, the provider's login form, back to Meterkast with a code, which Meterkast exchanges server to server for
 * an id_token, and on to the app.
 *
 * <p>The same server also plays Facebook, which speaks plain OAuth2 and not OpenID Connect: Meterkast knows it as
 * the {@code facebook} registration with its endpoints named one by one and scopes without {@code openid}, so
 * Spring takes the plain OAuth2 path, exchanges the code for an access token only and asks a user-info endpoint
 * like the Graph API's {@code /me?fields=id,name,email} who the user is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SocialLoginTest {
    @TempDir
    static Path folder;
    /** Meterkast's port, known only once its context runs; the provider reads it for the redirect URI. */
    static final AtomicInteger METERKAST_PORT = new AtomicInteger();
    static final String CLIENT_ID = "meterkast";
    static final String CLIENT_SECRET = "meterkast-client-secret";
    /** Meterkast as a second client of the same server, the one that plays Facebook. */
    static final String FACEBOOK_CLIENT_ID = "meterkast-facebook";
    static final String FACEBOOK_CLIENT_SECRET = "meterkast-facebook-secret";
    static ConfigurableApplicationContext provider;
    static String issuer;

    /** The provider's people: a login, the e-mail its id_token carries and whether it verified that address. */
    record Person(String login, String password, String email, boolean verified, String name) {
    }

    static final Map<String, Person> PEOPLE = Map.of(
            "lotte", new Person("lotte", "lotte-google-pw", "Lotte.Peeters@example.be", true, "Lotte Peeters"),
            "jan", new Person("jan", "jan-google-pw", "jan@example.be", true, "Jan Janssens"),
            "mallory", new Person("mallory", "mallory-google-pw", "an@example.be", false, "An (not really)"),
            "sofie", new Person("sofie", "sofie-provider-pw", "Sofie.Maes@example.be", true, "Sofie Maes"),
            "pieter", new Person("pieter", "pieter-provider-pw", "pieter@example.be", true, "Pieter Claes"));

    /** Their ids at "Facebook": a number of its own, not their login, as Facebook's app-scoped ids are. */
    static final Map<String, String> FACEBOOK_IDS = Map.of("sofie", "10160000000000017", "pieter",
            "10160000000000042");

    /** Every call the user-info endpoint answered, as "client id: login", in order. */
    static final Queue<String> USER_INFO_CALLS = new ConcurrentLinkedQueue<>();

    /**
     * The provider starts before Meterkast: Meterkast reads its discovery document at startup. Its redirect URI
     * names Meterkast's port, which it reads when the client is looked up, so neither port is picked in advance.
     */
    @BeforeAll
    static void startProvider() {
        provider = new SpringApplicationBuilder(OidcProvider.class, GraphApi.class)
                .properties(
                        // not Meterkast's application.properties, and none of its beans
                        "spring.config.name=oidc-provider",
                        "spring.main.web-application-type=servlet",
                        "spring.main.banner-mode=off",
                        "server.address=127.0.0.1",
                        "server.port=0",
                        // both servers are on 127.0.0.1, and a cookie is per host, not per port
                        "server.servlet.session.cookie.name=PROVIDER_SESSION",
                        "spring.autoconfigure.exclude="
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
                .run();
        issuer = "http://127.0.0.1:" + provider.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("social.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        registry.add("spring.security.oauth2.client.registration.google.client-id", () -> CLIENT_ID);
        registry.add("spring.security.oauth2.client.registration.google.client-secret", () -> CLIENT_SECRET);
        registry.add("spring.security.oauth2.client.registration.google.scope", () -> "openid,profile,email");
        registry.add("spring.security.oauth2.client.provider.google.issuer-uri", () -> issuer);
        // as for the real Facebook: registration id facebook, plain OAuth2 endpoints and no openid scope; the rest
        // (client_secret_post, the name "Facebook") are Spring Security's defaults for that id
        registry.add("spring.security.oauth2.client.registration.facebook.client-id", () -> FACEBOOK_CLIENT_ID);
        registry.add("spring.security.oauth2.client.registration.facebook.client-secret",
                () -> FACEBOOK_CLIENT_SECRET);
        registry.add("spring.security.oauth2.client.registration.facebook.scope", () -> "public_profile,email");
        registry.add("spring.security.oauth2.client.provider.facebook.authorization-uri",
                () -> issuer + "/oauth2/authorize");
        registry.add("spring.security.oauth2.client.provider.facebook.token-uri", () -> issuer + "/oauth2/token");
        registry.add("spring.security.oauth2.client.provider.facebook.user-info-uri",
                () -> issuer + "/me?fields=id,name,email");
        registry.add("spring.security.oauth2.client.provider.facebook.user-name-attribute", () -> "id");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void meterkastPort() {
        METERKAST_PORT.set(port);
    }

    @Test
    void aNewGoogleUserGetsAnAccountWithTheIdTokensEmail() {
        Visitor visitor = new Visitor();
        assertThat(visitor.loginWithGoogle("lotte")).isEqualTo("/#dashboard");

        JsonNode session = visitor.json("/api/session");
        assertThat(session.get("account").get("email").asString()).isEqualTo("lotte.peeters@example.be");
        List<String> providers = new java.util.ArrayList<>();
        session.get("providers").forEach(p -> providers.add(p.get("id").asString()));
        assertThat(providers).containsExactlyInAnyOrder("google", "facebook");
        JsonNode account = visitor.json("/api/account");
        assertThat(account.get("email").asString()).isEqualTo("lotte.peeters@example.be");
        assertThat(account.get("name").asString()).isEqualTo("Lotte Peeters");
        assertThat(account.get("hasPassword").asBoolean()).isFalse();
        assertThat(names(account.get("identities"))).containsExactly("google");
        assertThat(jdbc.sql("SELECT subject FROM account_identity WHERE provider = 'google' AND account_id = ?")
                .param(account.get("id").asLong()).query(String.class).list()).containsExactly("lotte");

        // a second login with the same Google identity is the same account, not a new one
        Visitor again = new Visitor();
        assertThat(again.loginWithGoogle("lotte")).isEqualTo("/#dashboard");
        assertThat(again.json("/api/account").get("id").asLong()).isEqualTo(account.get("id").asLong());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = 'lotte.peeters@example.be'")
                .query(Integer.class).single()).isEqualTo(1);

        // the session Meterkast kept during the round trip is not the one it signed in (session fixation)
        assertThat(visitor.sessionBeforeCallback).isNotNull();
        assertThat(visitor.cookie("SESSION")).isNotNull().isNotEqualTo(visitor.sessionBeforeCallback);
        // and the signed-in browser can change things with the CSRF token it now has, as the app does
        HttpResponse<String> token = visitor.postJson("/api/account/tokens", "{\"name\":\"laptop\"}");
        assertThat(token.statusCode()).isEqualTo(201);
        assertThat(token.body()).contains("\"token\":\"mk_");

        // an anonymous visitor is not signed in by any of this
        assertThat(new Visitor().status("/api/account")).isEqualTo(401);
    }

    @Test
    void aPasswordAccountIsNotTakenOverByGoogleButItsOwnerLinksGoogleOnceLoggedIn() {
        Browser withPassword = new Browser(port).open();
        Answer registered = withPassword.post("/api/account/register",
                "{\"email\":\"jan@example.be\",\"password\":\"jan-password-1\",\"name\":\"Jan\",\"language\":\"fr\"}");
        assertThat(registered.status()).isEqualTo(201);
        long id = registered.json().get("id").asLong();

        // whoever registered the address first may not own it: a Google login with it does not get in
        Visitor withGoogle = new Visitor();
        assertThat(withGoogle.loginWithGoogle("jan")).isEqualTo("/#login/failed");
        assertThat(withGoogle.status("/api/account")).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_identity WHERE subject = 'jan'").query(Integer.class)
                .single()).isZero();

        // the owner, logged in with the password, goes through Google's login: that links it
        Visitor owner = new Visitor();
        assertThat(owner.status("/api/session")).isEqualTo(200);
        assertThat(owner.postJson("/api/account/login", "{\"email\":\"jan@example.be\",\"password\":\"jan-password-1\"}")
                .statusCode()).isEqualTo(200);
        assertThat(owner.loginWithGoogle("jan")).isEqualTo("/#dashboard");
        JsonNode account = owner.json("/api/account");
        assertThat(account.get("id").asLong()).isEqualTo(id);
        // the account keeps what it had: its name, language and password
        assertThat(account.get("name").asString()).isEqualTo("Jan");
        assertThat(account.get("language").asString()).isEqualTo("fr");
        assertThat(account.get("hasPassword").asBoolean()).isTrue();
        assertThat(names(account.get("identities"))).containsExactly("google");

        // from then on Google alone signs in to that account, and the password still works
        Visitor again = new Visitor();
        assertThat(again.loginWithGoogle("jan")).isEqualTo("/#dashboard");
        assertThat(again.json("/api/account").get("id").asLong()).isEqualTo(id);
        Answer login = new Browser(port).open().post("/api/account/login",
                "{\"email\":\"jan@example.be\",\"password\":\"jan-password-1\"}");
        assertThat(login.json().get("id").asLong()).isEqualTo(id);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = 'jan@example.be'").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anUnverifiedEmailOfAnExistingAccountIsRefusedAndLinksNothing(CapturedOutput output) {
        Browser owner = new Browser(port).open();
        Answer registered = owner.post("/api/account/register",
                "{\"email\":\"an@example.be\",\"password\":\"an-password-1\",\"name\":\"An\"}");
        assertThat(registered.status()).isEqualTo(201);
        long id = registered.json().get("id").asLong();

        Visitor stranger = new Visitor();
        assertThat(stranger.loginWithGoogle("mallory")).isEqualTo("/#login/failed");
        // refused for that reason, not for any other trouble on the way
        assertThat(output).contains("refused a google login: google has not verified an@example.be");
        assertThat(stranger.status("/api/account")).isEqualTo(401);
        assertThat(stranger.json("/api/session").get("account").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_identity WHERE subject = 'mallory'").query(Integer.class)
                .single()).isZero();
        assertThat(names(owner.get("/api/account").json().get("identities"))).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = 'an@example.be'").query(Integer.class).single())
                .isEqualTo(1);
        assertThat(owner.get("/api/account").json().get("id").asLong()).isEqualTo(id);
    }

    @Test
    void aNewFacebookUserGetsAnAccountWithTheEmailOfTheUserInfoEndpoint() {
        int before = USER_INFO_CALLS.size();
        Visitor visitor = new Visitor();
        assertThat(visitor.loginWithFacebook("sofie")).isEqualTo("/#dashboard");
        // there is no id_token: Meterkast asked the user-info endpoint, once, with the access token it was issued
        assertThat(userInfoCallsSince(before)).containsExactly(FACEBOOK_CLIENT_ID + ": sofie");

        JsonNode account = visitor.json("/api/account");
        assertThat(account.get("email").asString()).isEqualTo("sofie.maes@example.be");
        assertThat(account.get("name").asString()).isEqualTo("Sofie Maes");
        assertThat(account.get("hasPassword").asBoolean()).isFalse();
        assertThat(names(account.get("identities"))).containsExactly("facebook");
        // the identity is the user-info's id, not the login name nor the e-mail
        assertThat(jdbc.sql("SELECT subject FROM account_identity WHERE provider = 'facebook' AND account_id = ?")
                .param(account.get("id").asLong()).query(String.class).list())
                .containsExactly(FACEBOOK_IDS.get("sofie"));

        // a second Facebook login is the same account, found by that id
        Visitor again = new Visitor();
        assertThat(again.loginWithFacebook("sofie")).isEqualTo("/#dashboard");
        assertThat(again.json("/api/account").get("id").asLong()).isEqualTo(account.get("id").asLong());
        assertThat(userInfoCallsSince(before)).containsExactly(FACEBOOK_CLIENT_ID + ": sofie",
                FACEBOOK_CLIENT_ID + ": sofie");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = 'sofie.maes@example.be'")
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(visitor.cookie("SESSION")).isNotNull().isNotEqualTo(visitor.sessionBeforeCallback);
    }

    @Test
    void facebookJoinsTheGoogleAccountWithTheSameVerifiedEmail() {
        Visitor withGoogle = new Visitor();
        assertThat(withGoogle.loginWithGoogle("pieter")).isEqualTo("/#dashboard");
        JsonNode google = withGoogle.json("/api/account");
        long id = google.get("id").asLong();
        assertThat(google.get("hasPassword").asBoolean()).isFalse();
        assertThat(names(google.get("identities"))).containsExactly("google");

        // another browser, signed in neither to Meterkast nor to the provider: Facebook's address, taken as
        // verified, is the one of an account that only a social login made, so Facebook joins that account
        int before = USER_INFO_CALLS.size();
        Visitor withFacebook = new Visitor();
        assertThat(withFacebook.loginWithFacebook("pieter")).isEqualTo("/#dashboard");
        assertThat(userInfoCallsSince(before)).containsExactly(FACEBOOK_CLIENT_ID + ": pieter");
        JsonNode account = withFacebook.json("/api/account");
        assertThat(account.get("id").asLong()).isEqualTo(id);
        assertThat(account.get("email").asString()).isEqualTo("pieter@example.be");
        assertThat(names(account.get("identities"))).containsExactlyInAnyOrder("google", "facebook");
        assertThat(jdbc.sql("SELECT provider || ' ' || subject FROM account_identity WHERE account_id = ?")
                .param(id).query(String.class).list())
                .containsExactlyInAnyOrder("google pieter", "facebook " + FACEBOOK_IDS.get("pieter"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email = 'pieter@example.be'").query(Integer.class)
                .single()).isEqualTo(1);

        // from then on either one signs in to that account
        Visitor again = new Visitor();
        assertThat(again.loginWithGoogle("pieter")).isEqualTo("/#dashboard");
        assertThat(again.json("/api/account").get("id").asLong()).isEqualTo(id);
        Visitor onceMore = new Visitor();
        assertThat(onceMore.loginWithFacebook("pieter")).isEqualTo("/#dashboard");
        assertThat(onceMore.json("/api/account").get("id").asLong()).isEqualTo(id);
    }

    /** The user-info endpoint the Facebook tests rely on answers only a token the server issued. */
    @Test
    void theUserInfoEndpointRefusesATokenItDidNotIssue() throws Exception {
        int before = USER_INFO_CALLS.size();
        HttpClient http = HttpClient.newHttpClient();
        URI me = URI.create(issuer + "/me?fields=id,name,email");
        assertThat(http.send(HttpRequest.newBuilder(me).header("Authorization", "Bearer not-a-token").GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(me).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(userInfoCallsSince(before)).isEmpty();
    }

    private static List<String> userInfoCallsSince(int before) {
        List<String> calls = List.copyOf(USER_INFO_CALLS);
        return calls.subList(before, calls.size());
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new java.util.ArrayList<>();
        array.forEach(node -> names.add(node.asString()));
        return names;
    }

    /** One browser: its own cookies for both servers, and every redirect followed by hand and checked. */
    private final class Visitor {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String meterkast = "http://127.0.0.1:" + port;
        /** Meterkast's session cookie while the browser was away at the provider. */
        String sessionBeforeCallback;

        /** Walks the whole Google login and answers where Meterkast finally sends the browser. */
        String loginWithGoogle(String login) {
            return login("google", login);
        }

        /** The same walk through the plain OAuth2 login of the {@code facebook} registration. */
        String loginWithFacebook(String login) {
            return login("facebook", login);
        }

        private String login(String registration, String login) {
            Person person = PEOPLE.get(login);
            boolean oidc = registration.equals("google");

            // Meterkast sends the browser to the provider with its client id, redirect URI, state and (OpenID
            // Connect only) nonce
            HttpResponse<String> start = get(meterkast + "/oauth2/authorization/" + registration);
            assertThat(start.statusCode()).isEqualTo(302);
            String authorize = location(start);
            assertThat(authorize).startsWith(issuer + "/oauth2/authorize?");
            Map<String, String> request = query(authorize);
            assertThat(request).containsEntry("response_type", "code")
                    .containsEntry("client_id", oidc ? CLIENT_ID : FACEBOOK_CLIENT_ID)
                    .containsEntry("redirect_uri", meterkast + "/login/oauth2/code/" + registration)
                    .containsKey("state");
            if (oidc) {
                assertThat(request).containsKey("nonce");
                assertThat(request.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile", "email");
            } else {
                // no openid scope, hence no nonce and no id_token: Spring's plain OAuth2 path, as for Facebook
                assertThat(request).doesNotContainKey("nonce");
                assertThat(request.get("scope").split(" ")).containsExactlyInAnyOrder("public_profile", "email");
            }

            // the provider does not know the browser yet: its login form
            HttpResponse<String> unknown = get(authorize);
            assertThat(unknown.statusCode()).isEqualTo(302);
            assertThat(location(unknown)).isEqualTo(issuer + "/login");
            HttpResponse<String> form = get(issuer + "/login");
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("name=\"username\"").contains("name=\"password\"");
            Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
            assertThat(csrf.find()).as("the login form's _csrf field").isTrue();

            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("username", person.login());
            fields.put("password", person.password());
            fields.put("_csrf", csrf.group(1));
            HttpResponse<String> loggedIn = post(issuer + "/login", fields);
            assertThat(loggedIn.statusCode()).isEqualTo(302);
            String resumed = location(loggedIn);
            assertThat(resumed).startsWith(issuer + "/oauth2/authorize?");

            // no consent screen: straight back to Meterkast with a code and the same state
            HttpResponse<String> granted = get(resumed);
            assertThat(granted.statusCode()).isEqualTo(302);
            String callback = location(granted);
            assertThat(callback).startsWith(meterkast + "/login/oauth2/code/" + registration + "?");
            Map<String, String> answer = query(callback);
            assertThat(answer).containsKey("code").containsEntry("state", request.get("state"));

            // Meterkast exchanges the code for tokens server to server (for Facebook it then asks the user-info
            // endpoint) and sends the browser on to the app
            sessionBeforeCallback = cookie("SESSION");
            HttpResponse<String> done = get(callback);
            assertThat(done.statusCode()).isEqualTo(302);
            String target = location(done);
            return target.startsWith(meterkast) ? target.substring(meterkast.length()) : target;
        }

        JsonNode json(String path) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(meterkast + path))
                    .header("Accept", "application/json").GET());
            assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
            return JsonMapper.builder().build().readTree(response.body());
        }

        HttpResponse<String> postJson(String path, String json) {
            return send(HttpRequest.newBuilder(URI.create(meterkast + path)).header("Accept", "application/json")
                    .header("Content-Type", "application/json").header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"))
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
        }

        int status(String path) {
            return send(HttpRequest.newBuilder(URI.create(meterkast + path)).header("Accept", "application/json")
                    .GET()).statusCode();
        }

        private HttpResponse<String> get(String url) {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
        }

        private HttpResponse<String> post(String url, Map<String, String> fields) {
            String body = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The Location header, made absolute against the URL that answered. */
        private static String location(HttpResponse<String> response) {
            String location = response.headers().firstValue("Location").orElseThrow(
                    () -> new AssertionError("no Location in the " + response.statusCode() + " of " + response.uri()));
            return response.uri().resolve(location).toString();
        }

        private static Map<String, String> query(String url) {
            Map<String, String> parameters = new LinkedHashMap<>();
            String query = URI.create(url).getRawQuery();
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return parameters;
        }
    }

    /**
     * The OpenID Connect provider: a Spring Authorization Server with two clients (Meterkast as {@code google} and
     * as {@code facebook}), a login form for the people above and an id_token with their e-mail. Deliberately not
     * a @Configuration: a @Component would be found by Meterkast's component scan of this package; it is only ever
     * a source of its own SpringApplication.
     */
    @EnableAutoConfiguration
    static class OidcProvider {
        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(server -> {
                        http.securityMatcher(server.getEndpointsMatcher());
                        server.oidc(Customizer.withDefaults());
                    })
                    .authorizeHttpRequests(rules -> rules.anyRequest().authenticated())
                    // a browser that is not logged in goes to the login form
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(3)
        SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(rules -> rules.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService people() {
            return new InMemoryUserDetailsManager(PEOPLE.values().stream()
                    .map(p -> User.withUsername(p.login()).password("{noop}" + p.password()).roles("USER").build())
                    .toList());
        }

        /** Meterkast twice, each with the redirect URI of its registration on the port it runs on. */
        @Bean
        RegisteredClientRepository clients() {
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient registeredClient) {
                    // the token endpoint saves the client again to upgrade its {noop} secret's encoding; this client
                    // is built anew on every lookup, so there is nothing to keep
                }

                @Override
                public RegisteredClient findById(String id) {
                    return findByClientId(id);
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    return switch (clientId) {
                        case CLIENT_ID -> meterkast();
                        case FACEBOOK_CLIENT_ID -> meterkastAsFacebookClient();
                        default -> null;
                    };
                }
            };
        }

        private static RegisteredClient meterkast() {
            return RegisteredClient.withId(CLIENT_ID)
                    .clientId(CLIENT_ID)
                    .clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("http://127.0.0.1:" + METERKAST_PORT.get() + "/login/oauth2/code/google")
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .scope(OidcScopes.EMAIL)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                    .build();
        }

        /**
         * Meterkast's {@code facebook} registration: plain OAuth2 with Facebook's scopes, the secret in the POST body
         * as Spring's Facebook defaults send it, and an opaque access token, as Facebook's is, that only this server
         * can judge.
         */
        private static RegisteredClient meterkastAsFacebookClient() {
            return RegisteredClient.withId(FACEBOOK_CLIENT_ID)
                    .clientId(FACEBOOK_CLIENT_ID)
                    .clientSecret("{noop}" + FACEBOOK_CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("http://127.0.0.1:" + METERKAST_PORT.get() + "/login/oauth2/code/facebook")
                    .scope("public_profile")
                    .scope("email")
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                    .tokenSettings(TokenSettings.builder().accessTokenFormat(OAuth2TokenFormat.REFERENCE).build())
                    .build();
        }

        /** A bean, so that the user-info endpoint asks the same store that the token endpoint saved the token in. */
        @Bean
        OAuth2AuthorizationService authorizations() {
            return new InMemoryOAuth2AuthorizationService();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }

        /** The id_token carries the person's e-mail, whether it is verified, and their name, as Google's does. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> emailInIdToken() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    Person person = PEOPLE.get(context.getPrincipal().getName());
                    context.getClaims()
                            .claim("email", person.email())
                            .claim("email_verified", person.verified())
                            .claim("name", person.name());
                }
            };
        }
    }

    /**
     * The provider's Facebook side: a user-info endpoint like the Graph API's {@code /me?fields=id,name,email}. It
     * judges the bearer access token itself, by asking the authorization server's store, and answers the fields
     * asked for, the e-mail only when the token was granted the {@code email} scope, as Facebook does. Like
     * {@link OidcProvider} not a @Configuration, and only ever a source of the provider's SpringApplication.
     */
    static class GraphApi {
        /** Neither the login form nor a session: a request without a valid token is answered 401, not redirected. */
        @Bean
        @Order(2)
        SecurityFilterChain graphApi(HttpSecurity http) throws Exception {
            return http.securityMatcher("/me")
                    .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(csrf -> csrf.disable())
                    .build();
        }

        @Bean
        RouterFunction<ServerResponse> me(OAuth2AuthorizationService authorizations) {
            return RouterFunctions.route().GET("/me", request -> me(request, authorizations)).build();
        }

        private static ServerResponse me(ServerRequest request, OAuth2AuthorizationService authorizations) {
            String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
            OAuth2Authorization authorization = header == null || !header.startsWith("Bearer ") ? null
                    : authorizations.findByToken(header.substring("Bearer ".length()), OAuth2TokenType.ACCESS_TOKEN);
            if (authorization == null || !authorization.getAccessToken().isActive()) {
                return ServerResponse.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                        .build();
            }
            String login = authorization.getPrincipalName();
            Person person = PEOPLE.get(login);
            Set<String> fields = Set.of(request.param("fields").orElse("id,name").split(","));
            Map<String, Object> answer = new LinkedHashMap<>();
            if (fields.contains("id")) {
                answer.put("id", FACEBOOK_IDS.getOrDefault(login, login));
            }
            if (fields.contains("name")) {
                answer.put("name", person.name());
            }
            if (fields.contains("email") && authorization.getAuthorizedScopes().contains("email")) {
                answer.put("email", person.email());
            }
            USER_INFO_CALLS.add(authorization.getRegisteredClientId() + ": " + login);
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
        }
    }
}
