package io.streamguard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** One StreamGuard node: the API, the console, a Hazelcast member and (by default) its own Postgres. */
@SpringBootApplication
public class StreamGuardApplication {

    public static void main(String[] args) {
        SpringApplication.run(StreamGuardApplication.class, args);
    }
}
