package dev.mpujanitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The AWS Price List Query API on loopback, speaking its wire protocol (AWS JSON 1.1: a signed POST, the operation in
 * {@code X-Amz-Target}): GetProducts answers from {@code src/test/resources/pricing}, one product a page so that paging
 * is exercised, filtered by {@code regionCode} and {@code volumeType} as the real service filters; it keeps each
 * question's filters, so that a test can see what was asked. It can be told to refuse every request, as AWS refuses
 * a caller without {@code pricing:GetProducts}, or to throttle the next few.
 */
public final class FakePriceList extends AwsJsonFake {

    private final JsonNode products;
    private final List<String> questions = new CopyOnWriteArrayList<>();

    public FakePriceList() throws IOException {
        super("AWSPriceListService.GetProducts", "/us-east-1/pricing/aws4_request", "User is not authorized to perform: pricing:GetProducts");
        products = recorded();
    }

    /** Answers the next {@code requests} requests with ThrottlingException, the throttling error GetProducts documents (HTTP 400). */
    public FakePriceList throttlingNext(int requests) {
        throttleNext(requests, "ThrottlingException");
        return this;
    }

    /** The well-formed requests answered, pages included, each as {@code regionCode|volumeType}, in the order asked. */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    /** From now on, every request is refused with AccessDeniedException. */
    public FakePriceList refusing() {
        refuseAll();
        return this;
    }

    @Override
    JsonNode answer(JsonNode request) throws Refused {
        String region = filter(request, "regionCode");
        String volumeType = filter(request, "volumeType");
        if (!"AmazonS3".equals(request.path("ServiceCode").asText()) || region == null || volumeType == null) {
            throw new Refused(400, "InvalidParameterException", "expected ServiceCode AmazonS3 and TERM_MATCH filters on regionCode and volumeType");
        }
        questions.add(region + "|" + volumeType);
        List<JsonNode> matching = products.path(region + "|" + volumeType).isArray()
                ? JSON.convertValue(products.get(region + "|" + volumeType), JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class))
                : List.of();
        int page = request.path("NextToken").isTextual() ? Integer.parseInt(request.get("NextToken").asText()) : 0;
        ObjectNode answer = JSON.createObjectNode().put("FormatVersion", "aws_v1");
        ArrayNode priceList = answer.putArray("PriceList");
        if (page < matching.size()) {
            priceList.add(matching.get(page).toString());
        }
        if (page + 1 < matching.size()) {
            answer.put("NextToken", String.valueOf(page + 1));
        }
        return answer;
    }

    private static String filter(JsonNode request, String field) {
        for (JsonNode filter : request.path("Filters")) {
            if ("TERM_MATCH".equals(filter.path("Type").asText()) && field.equals(filter.path("Field").asText())) {
                return filter.path("Value").asText();
            }
        }
        return null;
    }

    /** The recorded products, for a test of their parsing. */
    public static JsonNode recorded() {
        try (InputStream recorded = FakePriceList.class.getResourceAsStream("/pricing/amazon-s3-storage-products.json")) {
            return JSON.readTree(recorded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
