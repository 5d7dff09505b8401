package dev.mpujanitor.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes an answer to ListParts readable whatever the upload's key holds. ListParts, unlike ListMultipartUploads, takes
 * no {@code encoding-type}, and S3 writes a control character of the key it names back as a character reference that
 * XML 1.0 forbids ({@code &#x1;}); the SDK's parser stops there, and the parts listed after the key are lost without
 * an error. The function never reads the key from this answer (it sent it), so before the SDK parses the body each
 * such reference, and each character XML 1.0 forbids, becomes U+FFFD. Every other answer passes through untouched.
 */
final class ListPartsKeyRepair implements ExecutionInterceptor {

    private static final String LIST_PARTS = S3Operation.LIST_PARTS.operationName();
    /** A character reference, or a character XML 1.0 never allows. https://www.w3.org/TR/xml/#charsets */
    private static final Pattern SUSPECT = Pattern.compile("&#(?:x([0-9A-Fa-f]{1,8})|([0-9]{1,10}));|[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]");
    private static final String REPLACEMENT = "\uFFFD";

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        if (body.isEmpty() || !LIST_PARTS.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return body;
        }
        byte[] bytes;
        try (InputStream stream = body.get()) {
            bytes = stream.readAllBytes();
        } catch (IOException e) {
            // As the SDK reports a body it could not read itself.
            throw SdkClientException.create("could not read the response body: " + e.getMessage(), e);
        }
        return Optional.of(new ByteArrayInputStream(repaired(bytes)));
    }

    /** The body with what XML 1.0 forbids replaced; the very same bytes when there was nothing to replace. */
    static byte[] repaired(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher suspect = SUSPECT.matcher(text);
        StringBuilder repaired = new StringBuilder(text.length());
        boolean changed = false;
        while (suspect.find()) {
            boolean forbidden = suspect.group(1) == null && suspect.group(2) == null
                    || !allowedInXml10(suspect.group(1) != null ? Long.parseLong(suspect.group(1), 16) : Long.parseLong(suspect.group(2)));
            changed |= forbidden;
            suspect.appendReplacement(repaired, forbidden ? REPLACEMENT : Matcher.quoteReplacement(suspect.group()));
        }
        if (!changed) {
            return body;
        }
        suspect.appendTail(repaired);
        return repaired.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** XML 1.0's Char production. */
    private static boolean allowedInXml10(long codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD || codePoint >= 0x20 && codePoint <= 0xD7FF
                || codePoint >= 0xE000 && codePoint <= 0xFFFD || codePoint >= 0x10000 && codePoint <= 0x10FFFF;
    }
}
