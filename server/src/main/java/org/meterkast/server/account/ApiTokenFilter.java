package org.meterkast.server.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in a request that carries one of our API tokens ({@code Authorization: Bearer mk_…}) for that request
 * alone: no session. A token that is unknown or revoked is answered 401 at once. Other bearer tokens (a push
 * meter's own) pass by untouched for their endpoint to judge.
 */
class ApiTokenFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";
    private static final Pattern PUSH = Pattern.compile("/api/meters/[^/]+/telegrams");

    private final AccountService accounts;
    private final SecurityErrors errors;

    ApiTokenFilter(AccountService accounts, SecurityErrors errors) {
        this.accounts = accounts;
        this.errors = errors;
    }

    /** Whether a request carries one of our tokens: such a request needs no CSRF token, as no browser adds it. */
    static boolean carriesToken(HttpServletRequest request) {
        return token(request) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = token(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<SignedIn> account = accounts.authenticateToken(token);
        if (account.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"meterkast\", error=\"invalid_token\"");
            errors.write(request, response, HttpStatus.UNAUTHORIZED, "account.token.invalid");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account.get(), null,
                SessionLogin.USER));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static String token(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).strip();
        // a push meter's endpoint judges its own token, whatever it looks like
        return token.startsWith(AccountService.TOKEN_PREFIX) && !PUSH.matcher(request.getRequestURI()).matches()
                ? token : null;
    }
}
