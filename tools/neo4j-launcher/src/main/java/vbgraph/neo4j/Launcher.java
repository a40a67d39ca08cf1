package vbgraph.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community (the embedded database with its Bolt connector) as a server for
 * vbgraph: on 127.0.0.1 and a port of the caller's choice (0: a free one), data under
 * {@code --data}, and the password of the user {@code neo4j} from the environment variable
 * NEO4J_PASSWORD (not the command line, which other users of the machine can read); without
 * it, authentication is off.
 *
 * <p>When Bolt accepts connections it prints one line, {@code vbgraph-neo4j ready
 * bolt://HOST:PORT}, and serves until its standard input closes or it is signalled: a test
 * run that dies leaves no server behind, because its end of the pipe closes with it.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 7687;
        Path data = null;
        boolean watchStdin = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--foreground" -> watchStdin = false;
                default -> {
                    System.err.println("vbgraph-neo4j: unknown argument " + args[i]
                            + "\nusage: Launcher --data DIR [--host 127.0.0.1] [--port 7687|0] [--foreground]");
                    System.exit(2);
                }
            }
        }
        if (data == null) {
            System.err.println("vbgraph-neo4j: --data DIR is required");
            System.exit(2);
        }
        if (port == 0) {
            port = freePort(host);
        }
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "vbgraph-neo4j-shutdown"));
        if (auth) {
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        }
        System.out.println("vbgraph-neo4j ready bolt://" + host + ":" + port);
        System.out.flush();
        if (watchStdin) {
            drain(System.in);
            System.exit(0); // runs the shutdown hook
        }
        stopped.await();
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // nothing to read: the pipe only tells us when our parent is gone
        }
    }
}
