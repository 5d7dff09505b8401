package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;

/** What reaches the SDK's parser of an answer to ListParts whose key holds characters XML 1.0 forbids. */
class ListPartsKeyRepairTest {

    private static final String PARTS = "<Part><PartNumber>1</PartNumber><Size>5242880</Size></Part>";

    private static String repaired(String body) {
        return new String(ListPartsKeyRepair.repaired(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void aForbiddenCharacterReferenceInTheKeyBecomesAReplacementCharacterAndThePartsStay() {
        assertThat(repaired("<ListPartsResult><Key>report&#x1;.csv&#27;[0m</Key>" + PARTS + "</ListPartsResult>"))
                .isEqualTo("<ListPartsResult><Key>report\uFFFD.csv\uFFFD[0m</Key>" + PARTS + "</ListPartsResult>");
    }

    @Test
    void aForbiddenCharacterAsSuchBecomesAReplacementCharacter() {
        assertThat(repaired("<Key>report\u0001.csv</Key>" + PARTS)).isEqualTo("<Key>report\uFFFD.csv</Key>" + PARTS);
    }

    @Test
    void referencesXmlAllowsAndEntitiesAreLeftAsTheyAre() {
        String allowed = "<Key>a&#x41;&#10;&#x1F600;&amp;&lt;\t\u00e9</Key>" + PARTS;

        assertThat(repaired(allowed)).isEqualTo(allowed);
    }

    @Test
    void aBodyWithNothingToRepairIsPassedOnAsItsOwnBytes() {
        byte[] body = ("<Key>plain</Key>" + PARTS).getBytes(StandardCharsets.UTF_8);

        assertThat(ListPartsKeyRepair.repaired(body)).isSameAs(body);
    }

    @Test
    void onlyAnAnswerToListPartsIsRepaired() throws IOException {
        String body = "<Key>report&#x1;.csv</Key>";

        assertThat(text(respond("ListParts", body))).isEqualTo("<Key>report\uFFFD.csv</Key>");
        assertThat(text(respond("ListMultipartUploads", body))).isEqualTo(body);
    }

    private static Optional<InputStream> respond(String operation, String body) {
        InterceptorContext context = InterceptorContext.builder()
                .request(ListPartsRequest.builder().bucket("logs").key("report\u0001.csv").uploadId("u").build())
                .httpRequest(SdkHttpRequest.builder().protocol("https").host("s3.amazonaws.com").method(SdkHttpMethod.GET).build())
                .httpResponse(SdkHttpFullResponse.builder().statusCode(200).build())
                .responseBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                .build();
        ExecutionAttributes attributes = ExecutionAttributes.builder().put(SdkExecutionAttribute.OPERATION_NAME, operation).build();
        return new ListPartsKeyRepair().modifyHttpResponseContent(context, attributes);
    }

    private static String text(Optional<InputStream> body) throws IOException {
        try (InputStream stream = body.orElseThrow()) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
