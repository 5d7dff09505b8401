package dev.mpujanitor.bench;

import com.adobe.testing.s3mock.testsupport.common.S3MockStarter;
import java.net.URI;
import java.util.Map;

/**
 * S3Mock in this JVM, started and stopped by hand: what {@code S3MockExtension} does for JUnit, for a main class.
 * Plain HTTP on a free port, quiet, its store in a temporary directory that is deleted on {@link #close()}.
 * Every bucket is in S3Mock's default region, us-east-1, and ListBuckets returns it as BucketRegion.
 */
final class MockS3 extends S3MockStarter implements AutoCloseable {

    private MockS3() {
        super(Map.of("silent", true, "secureConnection", false));
    }

    static MockS3 started() {
        MockS3 mock = new MockS3();
        mock.start();
        return mock;
    }

    URI endpoint() {
        return URI.create(getServiceEndpoint());
    }

    @Override
    public void close() {
        stop();
    }
}
