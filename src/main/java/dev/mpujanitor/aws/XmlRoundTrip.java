package dev.mpujanitor.aws;

import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.RoundTrip;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * Compares a GetBucketLifecycleConfiguration response body, as S3 sent it, with the SDK model it was parsed into.
 * The model is walked through the same field metadata ({@link SdkField}: XML names, flattened lists) that the SDK's
 * marshaller writes a PUT from, so an element the model does not hold is exactly an element the PUT would drop.
 *
 * <p>Presence is compared, not values: the SDK keeps a value it does not recognise (a new storage class, say) as
 * text and writes it back, while an element it does not know it drops. When in doubt (an unreadable body, a list
 * shape this code does not know) it reports a loss: refusing a write is safe, losing a rule is not.
 *
 * <p>Only parsed when a write is about to happen, so a compliant bucket pays for nothing but keeping the bytes.
 */
final class XmlRoundTrip implements RoundTrip {

    private static final XMLInputFactory XML = xmlInputFactory();
    private static final String RULE = "Rule";

    private final Optional<byte[]> body;
    private final List<LifecycleRule> readRules;

    /** @param readRules the rules the SDK parsed from {@code body}, the very objects a write sends back */
    XmlRoundTrip(Optional<byte[]> body, List<LifecycleRule> readRules) {
        this.body = body;
        this.readRules = List.copyOf(readRules);
    }

    @Override
    public Optional<String> lostBy(BucketLifecycle proposed) {
        if (body.isEmpty()) {
            return Optional.of("(the response body was not kept)");
        }
        Element root;
        try {
            root = parse(body.get());
        } catch (XMLStreamException e) {
            return Optional.of("(the response body is not XML: " + e.getMessage() + ")");
        }
        Optional<String> attribute = root.attributes.stream().findFirst();
        if (attribute.isPresent()) {
            return Optional.of(root.name + "@" + attribute.get());
        }
        int rule = 0;
        for (Element child : root.children) {
            if (!RULE.equals(child.name) || rule >= readRules.size()) {
                return Optional.of(child.name + (RULE.equals(child.name) ? "[" + (rule + 1) + "]" : ""));
            }
            LifecycleRule model = readRules.get(rule++);
            // A rule the write replaces (our own, drifted) is not kept, so nothing of it can be lost.
            if (containsSame(proposed.rules(), model)) {
                Optional<String> lost = firstLost(child, model, RULE + "[" + rule + "]");
                if (lost.isPresent()) {
                    return lost;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean containsSame(List<LifecycleRule> rules, LifecycleRule rule) {
        for (LifecycleRule candidate : rules) {
            if (candidate == rule) {
                return true;
            }
        }
        return false;
    }

    /** The first element or attribute under {@code raw} that {@code model} does not hold, as a path from {@code path}. */
    private static Optional<String> firstLost(Element raw, SdkPojo model, String path) {
        Optional<String> attribute = raw.attributes.stream().findFirst();
        if (attribute.isPresent()) {
            return Optional.of(path + "@" + attribute.get());
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Element child : raw.children) {
            int occurrence = seen.merge(child.name, 1, Integer::sum) - 1;
            String childPath = path + "/" + child.name + (occurrence > 0 ? "[" + (occurrence + 1) + "]" : "");
            Optional<Object> value = valueOf(model, child.name, occurrence);
            if (value.isEmpty()) {
                return Optional.of(childPath);
            }
            Optional<String> lost = value.get() instanceof SdkPojo nested
                    ? firstLost(child, nested, childPath)
                    : child.children.stream().findFirst().map(grandChild -> childPath + "/" + grandChild.name)
                            .or(() -> child.attributes.stream().findFirst().map(name -> childPath + "@" + name));
            if (lost.isPresent()) {
                return lost;
            }
        }
        return Optional.empty();
    }

    /** What the model holds for the {@code occurrence}-th element named {@code name}, as its marshaller names it. */
    private static Optional<Object> valueOf(SdkPojo model, String name, int occurrence) {
        for (SdkField<?> field : model.sdkFields()) {
            if (field.location() != MarshallLocation.PAYLOAD || !name.equals(field.locationName())) {
                continue;
            }
            Object value = field.getValueOrDefault(model);
            if (value instanceof List<?> items) {
                // A flattened list repeats the element itself; a wrapped one this code does not follow.
                boolean flattened = field.getOptionalTrait(ListTrait.class).map(ListTrait::isFlattened).orElse(false);
                return flattened && occurrence < items.size() ? Optional.ofNullable(items.get(occurrence)) : Optional.empty();
            }
            return occurrence == 0 ? Optional.ofNullable(value) : Optional.empty();
        }
        return Optional.empty();
    }

    /** An element as S3 sent it: its name, its attributes other than namespace declarations, its child elements. */
    private record Element(String name, List<String> attributes, List<Element> children) {
    }

    private static Element parse(byte[] xml) throws XMLStreamException {
        XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(xml));
        try {
            List<Element> open = new ArrayList<>();
            Element root = null;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        List<String> attributes = new ArrayList<>();
                        for (int i = 0; i < reader.getAttributeCount(); i++) {
                            String prefix = reader.getAttributePrefix(i);
                            attributes.add(prefix == null || prefix.isEmpty() ? reader.getAttributeLocalName(i) : prefix + ":" + reader.getAttributeLocalName(i));
                        }
                        Element element = new Element(reader.getLocalName(), attributes, new ArrayList<>());
                        if (open.isEmpty()) {
                            root = element;
                        } else {
                            open.getLast().children().add(element);
                        }
                        open.add(element);
                    }
                    case XMLStreamConstants.END_ELEMENT -> open.removeLast();
                    default -> {
                        // Text and whitespace: values are the SDK's to keep, see the class comment.
                    }
                }
            }
            if (root == null) {
                throw new XMLStreamException("no root element");
            }
            return root;
        } finally {
            reader.close();
        }
    }

    private static XMLInputFactory xmlInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // A response body is data: no DTDs, no external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }
}
