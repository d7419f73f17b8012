package io.streamguard.devdb;

import io.streamguard.api.system.LocalPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A PostgreSQL server on its own, for several local nodes to share where no database is
 * installed ({@code scripts/cluster.sh}). Durable and password-protected like a node's embedded
 * one; runs until stopped.
 * Arguments: {@code <port> <data directory>}.
 */
public final class StandalonePostgres {

    private StandalonePostgres() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 55432;
        Path dataDirectory =
                Path.of(args.length > 1 ? args[1] : "data/cluster/postgres").toAbsolutePath();
        Files.createDirectories(dataDirectory.getParent());
        EmbeddedPostgres postgres = LocalPostgres.start(dataDirectory, port, Map.of("max_connections", "200"))
                .postgres();
        System.out.println("PostgreSQL ready: " + postgres.getJdbcUrl("postgres", "postgres") + " (user postgres,"
                + " password in " + dataDirectory.resolve(LocalPostgres.PASSWORD_FILE) + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
