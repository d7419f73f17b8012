package io.streamguard.api.verdict;

import io.streamguard.engine.rules.Action;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * An {@link Action} in JSON is its wire name ({@code "warn"}), whatever mapper writes it: the API's, the audit
 * table's, or the one that recomputes the old unkeyed chain. Put on a record component with
 * {@code @JsonSerialize}/{@code @JsonDeserialize}, so no mapper setting is needed.
 */
public final class ActionJson {

    private ActionJson() {}

    public static final class Writer extends ValueSerializer<Action> {

        @Override
        public void serialize(Action action, JsonGenerator out, SerializationContext context) {
            out.writeString(action.wireName());
        }
    }

    public static final class Reader extends ValueDeserializer<Action> {

        @Override
        public Action deserialize(JsonParser in, DeserializationContext context) {
            try {
                return Action.fromWire(in.getString());
            } catch (IllegalArgumentException e) {
                return (Action) context.handleWeirdStringValue(Action.class, in.getString(), e.getMessage());
            }
        }
    }
}
