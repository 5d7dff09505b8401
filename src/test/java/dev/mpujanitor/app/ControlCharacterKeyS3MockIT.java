package dev.mpujanitor.app;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * Keys holding control characters, which XML 1.0 cannot carry: S3Mock stores them, and URL-encodes them in a listing
 * when asked, as S3 does; without that, its listing stops at the first such key. Every upload of such a key must be
 * counted and aborted under its own key, across pages of one upload each, so that such a key is also the
 * NextKeyMarker the next page starts after; and measured, from S3's own answer to ListParts, which names the key too.
 */
class ControlCharacterKeyS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final String BUCKET = "odd-keys";
    private static final List<String> KEYS = List.of("colour\u001b[31m.log", "plain report.csv", "report\u0001.csv");
    private static final LifecycleRule OUR_RULE = LifecycleRule.builder().id(AbortRulePolicy.RULE_ID).status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build();
    /** Eight days on: every upload made by this test is older than ABORT_AFTER_DAYS (7). */
    private static final Clock EIGHT_DAYS_LATER = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);

    @Test
    void uploadsOfKeysWithControlCharactersAreCountedAndAbortedAcrossPagesThatEndAtSuchKeys() throws Exception {
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
                FaultProxy proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint())).uploadsPageSize(1)) {
            s3.createBucket(b -> b.bucket(BUCKET));
            // The rule first, and no write by the run: on S3Mock a lifecycle write forgets the uploads made before it.
            s3.putBucketLifecycleConfiguration(r -> r.bucket(BUCKET).lifecycleConfiguration(c -> c.rules(OUR_RULE)));
            // S3Mock's answer to CreateMultipartUpload is cut short at the key's control character; the upload is made.
            KEYS.forEach(key -> s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)));

            // S3Mock cannot answer ListParts for such a key: measuring is shown in the next test.
            JsonLines log = RunCapture.scheduledRun(Settings.fromEnv(Map.of("ABORT_STALE_UPLOADS", "true", "INVENTORY_UPLOADS", "false",
                    "AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true")), SeededAccount.CREDENTIALS, EIGHT_DAYS_LATER);

            JsonNode bucket = record(log, BUCKET);
            assertThat(bucket.has("inventoryError")).as(bucket.toString()).isFalse();
            assertThat(bucket.get("incompleteUploads").asLong()).isEqualTo(3);
            assertThat(bucket.get("uploadsAborted").asLong()).isEqualTo(3);
            assertThat(log.records("upload")).filteredOn(upload -> upload.get("bucket").asText().equals(BUCKET))
                    .extracting(upload -> upload.get("key").asText()).containsExactlyInAnyOrderElementsOf(KEYS);
            assertThat(proxy.requests(BUCKET, "ListMultipartUploads")).as("one page per upload").isEqualTo(3);
            assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).encodingType(EncodingType.URL)).uploads()).isEmpty();
        }
    }

    /**
     * ListParts takes no encoding-type, and S3 writes a control character of the key it names as a character
     * reference that XML 1.0 forbids (here {@code &#x1;}): such an answer, in the shape of the API reference's, stands
     * in for S3Mock's, which its XML writer cuts short at the character, parts and all.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html
     */
    @Test
    void theBytesOfAnUploadWhoseKeyListPartsWritesAsAForbiddenCharacterReferenceAreMeasured() throws Exception {
        String bucket = "odd-parts";
        String key = "report\u0001.csv";
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
                FaultProxy proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()))) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(OUR_RULE)));
            s3.createMultipartUpload(r -> r.bucket(bucket).key(key));
            proxy.fault(bucket, "ListParts", new FaultProxy.Action.Answer(200, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                      <Bucket>odd-parts</Bucket>
                      <Key>report&#x1;.csv</Key>
                      <UploadId>any</UploadId>
                      <StorageClass>STANDARD</StorageClass>
                      <PartNumberMarker>0</PartNumberMarker>
                      <NextPartNumberMarker>2</NextPartNumberMarker>
                      <MaxParts>1000</MaxParts>
                      <IsTruncated>false</IsTruncated>
                      <Part><PartNumber>1</PartNumber><LastModified>2026-11-10T20:48:34.000Z</LastModified><ETag>"7778aef83f66abc1fa1e8477f296d394"</ETag><Size>5242880</Size></Part>
                      <Part><PartNumber>2</PartNumber><LastModified>2026-11-10T20:48:35.000Z</LastModified><ETag>"aaaa18db4cc2f85cedef654fccc4a4d8"</ETag><Size>1048576</Size></Part>
                    </ListPartsResult>"""), Integer.MAX_VALUE);

            JsonLines log = RunCapture.scheduledRun(Settings.fromEnv(Map.of("ABORT_STALE_UPLOADS", "true",
                    "AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true")), SeededAccount.CREDENTIALS, EIGHT_DAYS_LATER);

            JsonNode record = record(log, bucket);
            assertThat(record.has("inventoryError")).as(record.toString()).isFalse();
            assertThat(record.get("incompleteUploadBytes").asLong()).isEqualTo(6 * MIB);
            assertThat(record.get("bytesFreed").asLong()).isEqualTo(6 * MIB);
            assertThat(log.records("upload")).filteredOn(upload -> upload.get("bucket").asText().equals(bucket)).singleElement().satisfies(upload -> assertThat(upload.get("key").asText()).isEqualTo(key));
            assertThat(s3.listMultipartUploads(r -> r.bucket(bucket).encodingType(EncodingType.URL)).uploads()).isEmpty();
        }
    }

    private static JsonNode record(JsonLines log, String bucket) {
        return log.records("bucket").stream().filter(record -> record.get("bucket").asText().equals(bucket)).findFirst().orElseThrow();
    }
}
