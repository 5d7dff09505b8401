package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.EndpointAuthScheme;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.s3.endpoints.authscheme.S3ExpressEndpointAuthScheme;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;

/**
 * Where the SDK's own endpoint rules send a directory bucket's calls on AWS, with no override: what the clients
 * {@link AwsClients} builds rely on, and what no local server can show. The endpoints are those of the S3 User
 * Guide, https://docs.aws.amazon.com/AmazonS3/latest/userguide/endpoint-directory-buckets-AZ.html: Regional
 * {@code s3express-control.<region>.amazonaws.com}, Zonal {@code s3express-<zone-id>.<region>.amazonaws.com}.
 */
class S3ExpressEndpointsTest {

    private static final String BUCKET = "analytics--use1-az4--x-s3";

    private static Endpoint s3(Boolean regional, Boolean sessionAuthDisabled, String bucket) {
        return S3EndpointProvider.defaultProvider().resolveEndpoint(S3EndpointParams.builder().region(Region.US_EAST_1).bucket(bucket)
                .useS3ExpressControlEndpoint(regional).disableS3ExpressSessionAuth(sessionAuthDisabled).build()).join();
    }

    private static List<EndpointAuthScheme> auth(Endpoint endpoint) {
        return endpoint.attribute(AwsEndpointAttribute.AUTH_SCHEMES);
    }

    @Test
    void aRegionalCallGoesToTheControlEndpointSignedWithPlainSigV4WhetherOrNotSessionAuthIsDisabled() {
        for (Boolean disabled : new Boolean[] {null, true}) {
            Endpoint endpoint = s3(true, disabled, BUCKET);

            assertThat(endpoint.url()).hasToString("https://s3express-control.us-east-1.amazonaws.com/" + BUCKET);
            assertThat(auth(endpoint)).singleElement().isInstanceOfSatisfying(SigV4AuthScheme.class,
                    scheme -> assertThat(scheme.signingName()).isEqualTo("s3express"));
        }
    }

    @Test
    void listDirectoryBucketsGoesToTheRegionsControlEndpoint() {
        assertThat(s3(true, true, null).url()).hasToString("https://s3express-control.us-east-1.amazonaws.com");
    }

    @Test
    void aZonalCallGoesToTheBucketsZoneWithASession() {
        Endpoint endpoint = s3(null, null, BUCKET);

        assertThat(endpoint.url()).hasToString("https://" + BUCKET + ".s3express-use1-az4.us-east-1.amazonaws.com");
        assertThat(auth(endpoint)).singleElement().isInstanceOf(S3ExpressEndpointAuthScheme.class);
    }

    @Test
    void aDirectoryBucketsTagsGoToItsRegionsControlEndpointForS3Express() {
        Endpoint endpoint = S3ControlEndpointProvider.defaultProvider().resolveEndpoint(S3ControlEndpointParams.builder().region(Region.US_EAST_1)
                .accountId("111122223333").requiresAccountId(true).resourceArn("arn:aws:s3express:us-east-1:111122223333:bucket/" + BUCKET).build()).join();

        assertThat(endpoint.url()).hasToString("https://s3express-control.us-east-1.amazonaws.com");
        assertThat(auth(endpoint)).singleElement().isInstanceOfSatisfying(SigV4AuthScheme.class,
                scheme -> assertThat(scheme.signingName()).isEqualTo("s3express"));
    }

    @Test
    void aGeneralPurposeBucketIsNotSentToS3Express() {
        assertThat(s3(null, null, "billing-exports").url().getHost()).isEqualTo("billing-exports.s3.us-east-1.amazonaws.com");
    }
}
