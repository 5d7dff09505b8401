package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class SdkErrorsTest {

    @Test
    void theServicesOwnCodeNamesTheFailure() {
        S3Exception denied = (S3Exception) S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build();

        assertThat(SdkErrors.code(denied)).isEqualTo("AccessDenied");
    }

    @Test
    void anAnswerWithNoCodeIsNamedByItsStatus() {
        assertThat(SdkErrors.code((S3Exception) S3Exception.builder().statusCode(503).build())).isEqualTo("HTTP503");
    }

    @Test
    void aFailureOfTheClientIsNamedByItsType() {
        assertThat(SdkErrors.code(SdkClientException.create("connection reset"))).isEqualTo("SdkClientException");
    }
}
