package io.streamguard.api.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** JSON read as it was written: no field twice, nothing after the value, no value of another JSON type coerced. */
class StrictJsonTest {

    enum Level {
        LOW,
        HIGH
    }

    record Body(String text, int count, double ratio, boolean on, Level level) {}

    private final JsonMapper mapper = StrictJson.configure(JsonMapper.builder()).build();

    private Body read(String json) {
        return mapper.readValue(json, Body.class);
    }

    @Test
    void jsonAsWrittenIsRead() {
        assertThat(read("{\"text\":\"t\",\"count\":2,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}"))
                .isEqualTo(new Body("t", 2, 0.5, true, Level.HIGH));
        assertThat(read("{\"text\":\"t\",\"count\":2,\"ratio\":1,\"on\":false,\"level\":\"LOW\"}")
                        .ratio())
                .as("an integer is a number")
                .isEqualTo(1.0);
    }

    @Test
    void whatWouldBeGuessedAtIsRefused() {
        for (String json : List.of(
                "{\"text\":\"t\",\"text\":\"u\",\"count\":2,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":2,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"} {}",
                "{\"text\":\"t\",\"count\":22.5,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":\"22\",\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":true,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":2,\"ratio\":\"0.5\",\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":2,\"ratio\":true,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":2,\"ratio\":0.5,\"on\":1,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":2,\"ratio\":0.5,\"on\":\"true\",\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":2,\"ratio\":0.5,\"on\":1.0,\"level\":\"HIGH\"}",
                "{\"text\":7,\"count\":2,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":7.5,\"count\":2,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":false,\"count\":2,\"ratio\":0.5,\"on\":true,\"level\":\"HIGH\"}",
                "{\"text\":\"t\",\"count\":2,\"ratio\":0.5,\"on\":true,\"level\":1}")) {
            assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(JacksonException.class);
        }
    }
}
