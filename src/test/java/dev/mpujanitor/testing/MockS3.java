package dev.mpujanitor.testing;

import com.adobe.testing.s3mock.testsupport.common.S3MockStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * S3Mock in this JVM, started and stopped by hand: what {@code S3MockExtension} does for JUnit, for a main class.
 * Plain HTTP on a free port, quiet; its store, and its embedded Tomcat's work directory, in a temporary directory
 * that is deleted on {@link #close()}.
 */
public final class MockS3 extends S3MockStarter implements AutoCloseable {

    private final Path workDirectory;

    private MockS3(Path workDirectory) {
        super(Map.of("silent", true, "secureConnection", false, "server.tomcat.basedir", workDirectory.toString()));
        this.workDirectory = workDirectory;
    }

    public static MockS3 started() {
        try {
            MockS3 mock = new MockS3(Files.createTempDirectory("mpu-janitor-s3mock"));
            mock.start();
            return mock;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create(getServiceEndpoint());
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(workDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
