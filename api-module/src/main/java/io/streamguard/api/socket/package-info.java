/**
 * The stream socket, {@code /v1/stream/ws}: the plugin's second edge beside the HTTP stream API. One WebSocket
 * carries the start, update and finish of several streams as JSON frames, answered with the fields HTTP
 * answers, and pushes what the client did not ask for: a stream's expiry, a new rule set. Authenticated once,
 * at the handshake, by the API's security chain. See docs/websocket.md.
 */
@NullMarked
package io.streamguard.api.socket;

import org.jspecify.annotations.NullMarked;
