package io.streamguard.api.clients;

import java.util.UUID;

/**
 * An active key as the cluster holds it: the key's hash and its client, sealed on the wire, so
 * nobody without the cluster secret can add a key, and a grant moved under another hash is refused.
 */
record KeyGrant(String keyHash, UUID clientId) {}
