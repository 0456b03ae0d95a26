package graphmap.neo4jdev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j with its Bolt connector on loopback, for development and tests.
 *
 * <p>Settings come from system properties so the shell script stays in charge:
 * neo4jdev.home (data folder), neo4jdev.port (Bolt port), neo4jdev.password (empty: auth off),
 * neo4jdev.ready (a file written once Bolt accepts connections), neo4jdev.pagecache.mib (page
 * cache size, default 128), neo4jdev.txmemory.mib (memory all open transactions may hold
 * together; 0 keeps Neo4j's default, 70% of the heap). A JVM shutdown hook stops the
 * database cleanly on SIGTERM, so a stop never needs recovery.
 */
public final class Main {
    private Main() {}

    /** Sets the neo4j user's password; a restart with the same password keeps it. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    java.util.Map.of("password", password));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("cannot be the same")) {
                    return;
                }
            }
            throw e;
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("neo4jdev.home", "data")).toAbsolutePath();
        int port = Integer.getInteger("neo4jdev.port", 7687);
        String password = System.getProperty("neo4jdev.password", "");
        long pageCacheMiB = Long.getLong("neo4jdev.pagecache.mib", 128);
        long txMemoryMiB = Long.getLong("neo4jdev.txmemory.mib", 0);
        Path ready = Path.of(System.getProperty("neo4jdev.ready", home.resolve("ready").toString()));
        Files.deleteIfExists(ready);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (txMemoryMiB > 0) {
            builder.setConfig(
                    GraphDatabaseSettings.memory_transaction_global_max_size,
                    ByteUnit.mebiBytes(txMemoryMiB));
        }
        DatabaseManagementService service = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, !password.isEmpty())
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "neo4j-dev-shutdown"));

        try {
            GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!password.isEmpty()) {
                setPassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
            }
            db.executeTransactionally("RETURN 1");
            Files.writeString(ready, Long.toString(ProcessHandle.current().pid()));
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the shutdown hook stops the database
        }
        System.out.println("neo4j-dev: Bolt listening on 127.0.0.1:" + port + ", data in " + home);
        stopped.await();
    }
}
