package io.streamguard.api.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: 256 random bits behind a recognisable {@code sg_} prefix. Only their SHA-256 is
 * stored; with that much entropy a fast hash is as safe as a slow one, and it lets a request
 * find its client by an index lookup.
 */
final class ApiKeys {

    static final String PREFIX = "sg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String hash(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Enough of the key to recognise it in a list, far too little to guess the rest. */
    static String displayPrefix(String apiKey) {
        return apiKey.substring(0, Math.min(apiKey.length(), PREFIX.length() + 6));
    }
}
