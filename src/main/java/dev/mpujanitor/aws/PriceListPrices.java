package dev.mpujanitor.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.ports.StoragePrices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * S3 storage prices from the AWS Price List API (GetProducts, service code AmazonS3): the first-tier price of each
 * region and storage class a run needs, asked once and kept for the run. When the API is refused or unreachable, the
 * run goes on with {@code fallback} (the built-in list prices) and asks no more; a class the API has no price for
 * falls back alone. Each price says which it is.
 *
 * <p>https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 */
final class PriceListPrices implements StoragePrices {

    /** The IAM action GetProducts needs, on "*": Price List actions take no resource. */
    static final String IAM_ACTION = "pricing:GetProducts";

    /** How the Price List names each storage class's storage product, with the usage type's name after the region's code. */
    record Product(String volumeType, String usageType) {
    }

    /**
     * S3 Express One Zone's storage: the usage report names it {@code <region>-TimedStorage-XZ-ByteHrs}
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/aws-usage-report-understand.html); its volume type in the
     * Price List is not confirmed (docs/verified.md). When the Price List has no product under these names, the
     * built-in list prices stand in.
     */
    static final Product EXPRESS_ONE_ZONE = new Product("Express One Zone", "TimedStorage-XZ-ByteHrs");

    private static final Map<String, Product> PRODUCTS = Map.of(
            "STANDARD", new Product("Standard", "TimedStorage-ByteHrs"),
            "STANDARD_IA", new Product("Standard - Infrequent Access", "TimedStorage-SIA-ByteHrs"),
            "ONEZONE_IA", new Product("One Zone - Infrequent Access", "TimedStorage-ZIA-ByteHrs"),
            "INTELLIGENT_TIERING", new Product("Intelligent-Tiering Frequent Access", "TimedStorage-INT-FA-ByteHrs"),
            "GLACIER_IR", new Product("Glacier Instant Retrieval", "TimedStorage-GIR-ByteHrs"),
            "REDUCED_REDUNDANCY", new Product("Reduced Redundancy", "TimedStorage-RRS-ByteHrs"),
            "EXPRESS_ONEZONE", EXPRESS_ONE_ZONE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<PricingClient> pricing;
    private final StoragePrices fallback;
    private final Consumer<String> refusals;
    private final Map<String, Optional<BigDecimal>> asked = new ConcurrentHashMap<>();
    private volatile boolean refused;

    /**
     * @param pricing  the client, asked for at the first question
     * @param refusals told, once, why the Price List did not answer and the list prices stand in
     */
    PriceListPrices(Supplier<PricingClient> pricing, StoragePrices fallback, Consumer<String> refusals) {
        this.pricing = pricing;
        this.fallback = fallback;
        this.refusals = refusals;
    }

    @Override
    public Price of(String region, String billedStorageClass) {
        Product product = PRODUCTS.get(billedStorageClass);
        if (product != null && !refused) {
            // One thread asks for each region and class; the others wait for its answer rather than ask again.
            Optional<BigDecimal> price = asked.computeIfAbsent(region + " " + billedStorageClass, key -> ask(region, product));
            if (price.isPresent()) {
                return new Price(price.get(), PriceSource.API, region);
            }
        }
        return fallback.of(region, billedStorageClass);
    }

    /**
     * One question at a time: the few a run asks cost little in sequence, and a refusal then stops every question
     * after it, instead of each worker asking about its own region and class at the same moment.
     */
    private synchronized Optional<BigDecimal> ask(String region, Product product) {
        if (refused) {
            return Optional.empty();
        }
        GetProductsRequest request = GetProductsRequest.builder().serviceCode("AmazonS3").formatVersion("aws_v1").maxResults(100)
                .filters(termMatch("regionCode", region), termMatch("volumeType", product.volumeType()))
                .build();
        try {
            // The next page is asked for only when this one has no price.
            for (GetProductsResponse page : pricing.get().getProductsPaginator(request)) {
                for (String item : page.priceList()) {
                    Optional<BigDecimal> price = firstTierUsd(JSON.readTree(item), product);
                    if (price.isPresent()) {
                        return price;
                    }
                }
            }
            return Optional.empty();
        } catch (SdkException e) {
            // Refused, or out of reach: the list prices stand in for the rest of the run.
            refused = true;
            refusals.accept(IAM_ACTION + " failed: " + SdkErrors.code(e) + " (" + SdkErrors.message(e)
                    + "); the built-in list prices stand in for the rest of the run");
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Filter termMatch(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }

    /**
     * The USD price of the band that starts at 0 GB, per GB-month, of a storage product: the usage type must be the
     * product's own, after the region's code (Tables-, Vectors- and other products end alike), and the product must be
     * storage itself, not an overhead charged alongside it (their operation is not empty).
     */
    static Optional<BigDecimal> firstTierUsd(JsonNode item, Product product) {
        JsonNode attributes = item.path("product").path("attributes");
        boolean ownUsage = Pattern.matches("([A-Z0-9]+-)?" + Pattern.quote(product.usageType()), attributes.path("usagetype").asText());
        if (!ownUsage || !attributes.path("operation").asText("").isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode term : item.path("terms").path("OnDemand")) {
            for (JsonNode dimension : term.path("priceDimensions")) {
                if ("0".equals(dimension.path("beginRange").asText()) && "GB-Mo".equals(dimension.path("unit").asText())
                        && dimension.path("pricePerUnit").has("USD")) {
                    return Optional.of(new BigDecimal(dimension.path("pricePerUnit").path("USD").asText()).stripTrailingZeros());
                }
            }
        }
        return Optional.empty();
    }
}
