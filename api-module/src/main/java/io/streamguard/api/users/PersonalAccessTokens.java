package io.streamguard.api.users;

import io.streamguard.api.system.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's tokens for scripts, so that automation pays a hash lookup instead of a bcrypt per
 * call: 256 random bits behind {@code sgp_}, shown once, stored only as SHA-256 (with that much
 * entropy a fast hash is as safe as a slow one, and it makes the lookup an index read).
 */
@Service
public class PersonalAccessTokens {

    static final String PREFIX = "sgp_";
    static final int MAX_PER_USER = 50;
    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 366;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessTokens tokens;
    private final AppUsers users;

    PersonalAccessTokens(AccessTokens tokens, AppUsers users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** A token as listed: never the token itself. */
    public record TokenView(UUID id, String name, String prefix, Instant createdAt, Instant expiresAt) {}

    /** The one response that carries the token. */
    public record CreatedToken(
            UUID id, String name, String prefix, Instant createdAt, Instant expiresAt, String token) {}

    @Transactional
    public CreatedToken create(String username, String name, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new AccountRefusal(ErrorCode.INVALID_REQUEST, "expiresInDays is 1 to " + MAX_DAYS);
        }
        AppUser owner = users.findByUsername(username)
                .orElseThrow(() -> new AccountRefusal(ErrorCode.NOT_FOUND, "No user " + username));
        if (tokens.countByOwnerUsername(username) >= MAX_PER_USER) {
            throw new AccountRefusal(
                    ErrorCode.INVALID_REQUEST, "at most " + MAX_PER_USER + " tokens per user; revoke one first");
        }
        String token = generate();
        var saved = tokens.save(new AccessToken(
                UUID.randomUUID(),
                owner,
                name,
                hash(token),
                token.substring(0, PREFIX.length() + 6),
                Instant.now().plus(Duration.ofDays(days))));
        return new CreatedToken(
                saved.id(), saved.name(), saved.tokenPrefix(), saved.createdAt(), saved.expiresAt(), token);
    }

    @Transactional(readOnly = true)
    public List<TokenView> list(String username) {
        return tokens.findByOwnerUsernameOrderByCreatedAtAsc(username).stream()
                .map(t -> new TokenView(t.id(), t.name(), t.tokenPrefix(), t.createdAt(), t.expiresAt()))
                .toList();
    }

    /** Only the owner's own tokens: anyone else's id is not found, like an id that never existed. */
    @Transactional
    public void revoke(String username, String id) {
        Optional<AccessToken> token;
        try {
            token = tokens.findById(UUID.fromString(id))
                    .filter(t -> t.owner().username().equals(username));
        } catch (IllegalArgumentException notAnId) {
            token = Optional.empty();
        }
        tokens.delete(token.orElseThrow(() -> new AccountRefusal(ErrorCode.NOT_FOUND, "No token " + id)));
    }

    Optional<AppUser> owner(String token) {
        if (!token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return tokens.findValid(hash(token), Instant.now()).map(AccessToken::owner);
    }

    private static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
