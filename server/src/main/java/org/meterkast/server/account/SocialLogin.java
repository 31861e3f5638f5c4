package org.meterkast.server.account;

import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;

/**
 * Log in with Google, Apple or Facebook (or any OpenID Connect provider) when a client registration is configured
 * under {@code spring.security.oauth2.client.registration.<id>}. The provider's user becomes one of our accounts:
 * see {@link AccountService#signInWith}. After the round trip the browser lands on the app again.
 */
@Component
class SocialLogin {
    private static final Logger log = LoggerFactory.getLogger(SocialLogin.class);

    private final AccountService accounts;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    SocialLogin(AccountService accounts, ObjectProvider<ClientRegistrationRepository> registrations) {
        this.accounts = accounts;
        this.registrations = registrations;
    }

    void configure(HttpSecurity http) throws Exception {
        OidcUserService oidc = new OidcUserService();
        DefaultOAuth2UserService plain = new DefaultOAuth2UserService();
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                registrations.getObject(), OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        // Apple sends the e-mail and name only with response_mode=form_post
        resolver.setAuthorizationRequestCustomizer(request -> request.attributes(attributes -> {
            if ("apple".equals(attributes.get(OAuth2ParameterNames.REGISTRATION_ID))) {
                request.additionalParameters(parameters -> parameters.put("response_mode", "form_post"));
            }
        }));
        http.oauth2Login(login -> login
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                .userInfoEndpoint(info -> info
                        .oidcUserService(request -> oidcAccount(request, oidc.loadUser(request)))
                        .userService(request -> plainAccount(request, plain.loadUser(request))))
                .loginPage("/#login")
                .defaultSuccessUrl("/#dashboard", true)
                .failureUrl("/#login/failed"));
    }

    private OidcUser oidcAccount(OidcUserRequest request, OidcUser user) {
        String provider = request.getClientRegistration().getRegistrationId();
        Boolean verified = user.getEmailVerified();
        SignedIn account = signIn(provider, user.getSubject(), user.getEmail(), verified != null && verified,
                user.getFullName(), user.getLocale());
        return new AccountOidcUser(user, account);
    }

    /** Facebook and other plain OAuth2 providers: the user-info endpoint's id, email and name. */
    private OAuth2User plainAccount(OAuth2UserRequest request, OAuth2User user) {
        String provider = request.getClientRegistration().getRegistrationId();
        Map<String, Object> attributes = user.getAttributes();
        String subject = String.valueOf(attributes.getOrDefault("id", user.getName()));
        // Facebook returns only a confirmed e-mail address; another plain OAuth2 provider's is not taken as verified
        SignedIn account = signIn(provider, subject, (String) attributes.get("email"), provider.equals("facebook"),
                (String) attributes.get("name"), null);
        return new AccountOAuth2User(user, account);
    }

    private SignedIn signIn(String provider, String subject, String email, boolean verified, String name,
                            String locale) {
        try {
            String language = locale == null ? null : Locale.forLanguageTag(locale.replace('_', '-')).getLanguage();
            // a user who is signed in and goes through a provider's login is linking it from the settings
            return accounts.signInWith(provider, subject, email, verified, name, language, SignedIn.current());
        } catch (IllegalArgumentException e) {
            log.warn("refused a {} login: {}", provider, e.getMessage());
            throw new OAuth2AuthenticationException(new OAuth2Error("account_refused"), e.getMessage(), e);
        }
    }

    /** An OpenID Connect user who is signed in as one of our accounts. */
    static final class AccountOidcUser extends DefaultOidcUser implements SignedIn.AccountBound {
        private final SignedIn account;

        AccountOidcUser(OidcUser user, SignedIn account) {
            super(user.getAuthorities().stream().map(GrantedAuthority.class::cast).toList(), user.getIdToken(),
                    user.getUserInfo());
            this.account = account;
        }

        @Override
        public SignedIn signedIn() {
            return account;
        }

        /** The account's id, as for a password login, so the sessions table indexes the session under it. */
        @Override
        public String getName() {
            return account.getName();
        }
    }

    /** An OAuth2 user (Facebook) who is signed in as one of our accounts. */
    static final class AccountOAuth2User extends DefaultOAuth2User implements SignedIn.AccountBound {
        private final SignedIn account;

        AccountOAuth2User(OAuth2User user, SignedIn account) {
            super(user.getAuthorities(), user.getAttributes(), nameKey(user));
            this.account = account;
        }

        /** Facebook's "id"; another provider's first attribute when it has none. */
        private static String nameKey(OAuth2User user) {
            return user.getAttributes().containsKey("id") ? "id" : user.getAttributes().keySet().iterator().next();
        }

        @Override
        public SignedIn signedIn() {
            return account;
        }

        /** The account's id, as for a password login, so the sessions table indexes the session under it. */
        @Override
        public String getName() {
            return account.getName();
        }
    }
}
