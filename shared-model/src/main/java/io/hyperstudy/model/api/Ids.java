package io.hyperstudy.model.api;

import java.util.regex.Pattern;

/**
 * What an id may look like where it enters a service (a path segment, a body field), checked before it
 * reaches a store: ids become Firestore document ids and storage paths, where {@code /} would address
 * another document, {@code ..} the parent, and {@code __x__} is reserved. Every id the platform makes
 * (UUIDs, {@code p-} plus hex) fits.
 */
public final class Ids {
    public static final int MAX_LENGTH = 128;
    private static final Pattern ID = Pattern.compile("(?!__)[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
    /** Account ids of the identity provider (Keycloak UUIDs, Firebase uids) or e-mail addresses. */
    private static final Pattern USER = Pattern.compile("(?!__)[A-Za-z0-9_.@+-]{1,256}");

    private Ids() {
    }

    /** Whether {@code id} is one the platform could have made. */
    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code userId} is a plausible account id or e-mail address. */
    public static boolean validUser(String userId) {
        return userId != null && USER.matcher(userId).matches();
    }

    /** What is wrong with an invalid id, for a field error. */
    public static String rule() {
        return "must be 1 to " + MAX_LENGTH + " letters, digits, '-' or '_' (not starting with '__')";
    }
}
