package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.testing.FakePriceList;
import org.junit.jupiter.api.Test;

/**
 * Reading a storage price out of a GetProducts item, on items in the shape the API reference documents: the band that
 * starts at 0 GB, of the storage product itself, not of a product whose usage type only ends alike.
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 */
class PriceListPricesTest {

    private static final JsonNode RECORDED = FakePriceList.recorded();
    private static final PriceListPrices.Product STANDARD = new PriceListPrices.Product("Standard", "TimedStorage-ByteHrs");

    @Test
    void theFirstBandIsTakenWhateverTheOrderOfTheBands() {
        JsonNode usEast1 = RECORDED.get("us-east-1|Standard").get(1);

        assertThat(PriceListPrices.firstTierUsd(usEast1, STANDARD)).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.023"));
    }

    @Test
    void aProductWhoseUsageTypeOnlyEndsLikeStoragesIsNotStorage() {
        JsonNode tables = RECORDED.get("us-east-1|Standard").get(0);

        assertThat(PriceListPrices.firstTierUsd(tables, STANDARD)).isEmpty();
    }

    @Test
    void aChargeBesideStorageIsNotStorage() {
        JsonNode overhead = RECORDED.get("ap-southeast-2|Standard").get(0);

        assertThat(PriceListPrices.firstTierUsd(overhead, STANDARD)).isEmpty();
    }

    @Test
    void theRegionsCodeBeforeTheUsageTypeIsAllowed() {
        JsonNode sydney = RECORDED.get("ap-southeast-2|Standard").get(1);
        JsonNode irelandIa = RECORDED.get("eu-west-1|Standard - Infrequent Access").get(0);

        assertThat(PriceListPrices.firstTierUsd(sydney, STANDARD)).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.025"));
        assertThat(PriceListPrices.firstTierUsd(irelandIa, new PriceListPrices.Product("Standard - Infrequent Access", "TimedStorage-SIA-ByteHrs")))
                .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.0125"));
    }
}
