package io.hyperstudy.testinfra;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for Firebase Authentication, where the portal's Firebase sign-in is tested. Firebase's own Auth
 * emulator issues unsigned ID tokens ({@code alg: none}), which the services rightly refuse; this speaks the
 * same REST protocol the web SDK uses against an emulator ({@code connectAuthEmulator}:
 * {@code POST /identitytoolkit.googleapis.com/v1/accounts:signInWithPassword}, {@code .../accounts:lookup},
 * {@code POST /securetoken.googleapis.com/v1/token} to refresh) and signs its ID tokens (RS256) as Firebase
 * does: issuer {@code https://securetoken.google.com/<project>}, audience the project id, {@code user_id} and
 * {@code sub} the uid, the custom claims at the top level. Its keys are served as a JWKS at {@code /jwks}, so the
 * services check them as they check Firebase's in production (by the issuer's keys).
 * <p>E-mail and password accounts only; no sign-up, e-mail links, phone, MFA or IdP sign-in.
 */
public final class FirebaseAuthStandIn implements AutoCloseable {
    public static final String PROJECT_ID = "hyperstudy-standin";
    public static final String API_KEY = "standin-web-api-key";
    public static final String ISSUER = "https://securetoken.google.com/" + PROJECT_ID;
    private static final String KEY_ID = "standin-1";
    private static final long TOKEN_SECONDS = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An account: password, whether its e-mail is verified, and its custom claims (e.g. {@code roles}). */
    public record Account(String uid, String email, String password, boolean emailVerified, Map<String, Object> claims) {
    }

    private final HttpServer server;
    private final RSAPublicKey publicKey;
    private final Algorithm algorithm;
    private final Map<String, Account> byEmail = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

    public FirebaseAuthStandIn() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            publicKey = (RSAPublicKey) keys.getPublic();
            algorithm = Algorithm.RSA256(publicKey, (RSAPrivateKey) keys.getPrivate());
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/identitytoolkit.googleapis.com/v1/", this::identityToolkit);
        server.createContext("/securetoken.googleapis.com/v1/token", this::secureToken);
        server.createContext("/jwks", this::jwks);
        server.start();
    }

    /** The emulator URL the web SDK is pointed at, and the base of {@code /jwks}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Account addAccount(String email, String password, boolean emailVerified, List<String> roles) {
        Account account = new Account(UUID.randomUUID().toString().replace("-", "").substring(0, 28), email, password,
                emailVerified, Map.of("roles", roles));
        byEmail.put(email.toLowerCase(java.util.Locale.ROOT), account);
        return account;
    }

    /** An ID token for the account, as the SDK would get it on signing in. */
    public String idToken(Account account) {
        long now = Instant.now().getEpochSecond();
        var builder = JWT.create().withKeyId(KEY_ID).withIssuer(ISSUER).withAudience(PROJECT_ID)
                .withSubject(account.uid()).withClaim("user_id", account.uid())
                .withClaim("auth_time", now).withIssuedAt(new Date(now * 1000)).withExpiresAt(new Date((now + TOKEN_SECONDS) * 1000))
                .withClaim("email", account.email()).withClaim("email_verified", account.emailVerified())
                .withClaim("firebase", Map.of("identities", Map.of("email", List.of(account.email())),
                        "sign_in_provider", "password"));
        account.claims().forEach((name, value) -> builder.withClaim(name, value instanceof List<?> l ? l : List.of(value)));
        return builder.sign(algorithm);
    }

    private void identityToolkit(HttpExchange ex) throws IOException {
        if (preflight(ex)) {
            return;
        }
        if (!API_KEY.equals(query(ex).get("key"))) {
            error(ex, 400, "API key not valid. Please pass a valid API key.");
            return;
        }
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String method = ex.getRequestURI().getPath().substring("/identitytoolkit.googleapis.com/v1/".length());
        switch (method) {
            case "accounts:signInWithPassword" -> {
                Account a = byEmail.get(body.path("email").asText("").toLowerCase(java.util.Locale.ROOT));
                if (a == null || !a.password().equals(body.path("password").asText())) {
                    error(ex, 400, "INVALID_LOGIN_CREDENTIALS");
                    return;
                }
                String refresh = UUID.randomUUID().toString();
                refreshTokens.put(refresh, a.email().toLowerCase(java.util.Locale.ROOT));
                ObjectNode out = JSON.createObjectNode().put("kind", "identitytoolkit#VerifyPasswordResponse")
                        .put("localId", a.uid()).put("email", a.email()).put("displayName", "")
                        .put("idToken", idToken(a)).put("registered", true).put("refreshToken", refresh)
                        .put("expiresIn", String.valueOf(TOKEN_SECONDS));
                send(ex, 200, out);
            }
            case "accounts:lookup" -> {
                Account a = accountOf(body.path("idToken").asText(""));
                if (a == null) {
                    error(ex, 400, "INVALID_ID_TOKEN");
                    return;
                }
                ObjectNode user = JSON.createObjectNode().put("localId", a.uid()).put("email", a.email())
                        .put("emailVerified", a.emailVerified()).put("lastLoginAt", String.valueOf(System.currentTimeMillis()))
                        .put("createdAt", String.valueOf(System.currentTimeMillis()));
                user.putArray("providerUserInfo").addObject().put("providerId", "password").put("email", a.email())
                        .put("federatedId", a.email()).put("rawId", a.email());
                ObjectNode out = JSON.createObjectNode().put("kind", "identitytoolkit#GetAccountInfoResponse");
                out.putArray("users").add(user);
                send(ex, 200, out);
            }
            default -> error(ex, 400, "OPERATION_NOT_ALLOWED");
        }
    }

    private void secureToken(HttpExchange ex) throws IOException {
        if (preflight(ex)) {
            return;
        }
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String email = refreshTokens.get(form.getOrDefault("refresh_token", ""));
        if (!"refresh_token".equals(form.get("grant_type")) || email == null || !byEmail.containsKey(email)) {
            error(ex, 400, "INVALID_REFRESH_TOKEN");
            return;
        }
        Account a = byEmail.get(email);
        ObjectNode out = JSON.createObjectNode().put("access_token", idToken(a)).put("id_token", idToken(a))
                .put("expires_in", String.valueOf(TOKEN_SECONDS)).put("token_type", "Bearer")
                .put("refresh_token", form.get("refresh_token")).put("user_id", a.uid()).put("project_id", PROJECT_ID);
        send(ex, 200, out);
    }

    private void jwks(HttpExchange ex) throws IOException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode out = JSON.createObjectNode();
        out.putArray("keys").addObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", KEY_ID)
                .put("n", b64.encodeToString(unsigned(publicKey.getModulus().toByteArray())))
                .put("e", b64.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray())));
        send(ex, 200, out);
    }

    private Account accountOf(String idToken) {
        try {
            var jwt = JWT.require(algorithm).withIssuer(ISSUER).build().verify(idToken);
            return byEmail.get(jwt.getClaim("email").asString().toLowerCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The browser's CORS preflight: the SDK calls from the portal's origin with its own headers. */
    private static boolean preflight(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        if (!"OPTIONS".equals(ex.getRequestMethod())) {
            return false;
        }
        String asked = ex.getRequestHeaders().getFirst("Access-Control-Request-Headers");
        ex.getResponseHeaders().add("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
        if (asked != null) {
            ex.getResponseHeaders().add("Access-Control-Allow-Headers", asked);
        }
        ex.sendResponseHeaders(204, -1);
        ex.close();
        return true;
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode error = out.putObject("error").put("code", status).put("message", message);
        error.putArray("errors").addObject().put("message", message).put("domain", "global").put("reason", "invalid");
        send(ex, status, out);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        return q == null ? Map.of() : form(q);
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> out = new ConcurrentHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static byte[] unsigned(byte[] bigEndian) {
        return bigEndian.length > 1 && bigEndian[0] == 0 ? java.util.Arrays.copyOfRange(bigEndian, 1, bigEndian.length) : bigEndian;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
