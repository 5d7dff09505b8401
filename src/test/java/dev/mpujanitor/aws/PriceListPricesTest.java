package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.ports.StoragePrices;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.testing.FakePriceList;
import dev.mpujanitor.testing.SeededAccount;
import dev.mpujanitor.testing.Targets;
import dev.mpujanitor.uploads.ListPrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reading a storage price out of a GetProducts item, on items in the shape the API reference documents: the band that
 * starts at 0 GB, of the storage product itself, not of a product whose usage type only ends alike; and what is asked
 * for a storage class, of a Price List on loopback that filters as the real one does.
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 */
class PriceListPricesTest {

    private static final JsonNode RECORDED = FakePriceList.recorded();
    private static final PriceListPrices.Product STANDARD = new PriceListPrices.Product("Standard", "TimedStorage-ByteHrs");

    private final List<AutoCloseable> opened = new ArrayList<>();
    /** What the prices were told when the Price List did not answer. */
    private final List<String> refusals = new ArrayList<>();

    /** The run's prices, as the adapter builds them, asking {@code priceList} and falling back to the built-in table. */
    private StoragePrices askingThe(FakePriceList priceList) {
        opened.add(priceList);
        AwsClients clients = new AwsClients(Settings.fromEnv(Map.of(Settings.AWS_ENDPOINT_URL_PRICING, priceList.endpoint().toString())),
                Targets.loopback(SeededAccount.CREDENTIALS), new ApiCalls());
        opened.add(clients);
        return clients.priceList(ListPrices.builtIn(), refusals::add);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : opened) {
            each.close();
        }
    }

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

    @Test
    void anExpressOneZoneUploadIsPricedAtTheExpressOneZoneStorageThePriceListAnswers() throws Exception {
        FakePriceList priceList = new FakePriceList();

        Price price = askingThe(priceList).of("us-east-1", "EXPRESS_ONEZONE");

        assertThat(priceList.questions()).containsExactly("us-east-1|Express One Zone");
        assertThat(price.usdPerGbMonth()).isEqualByComparingTo("0.11");
        assertThat(price.source()).as("the Price List's answer, not the table's").isEqualTo(PriceSource.API);
        assertThat(price.region()).isEqualTo("us-east-1");
        assertThat(refusals).isEmpty();
    }

    @Test
    void aDirectoryBucketRegionThePriceListHasNoExpressOneZonePriceForGetsUsEast1sListPriceAndSaysSo() throws Exception {
        FakePriceList priceList = new FakePriceList();

        Price price = askingThe(priceList).of("eu-north-1", "EXPRESS_ONEZONE");

        assertThat(priceList.questions()).containsExactly("eu-north-1|Express One Zone");
        assertThat(price.source()).isEqualTo(PriceSource.TABLE);
        assertThat(price.usdPerGbMonth()).isEqualByComparingTo("0.11");
        assertThat(price.region()).isEqualTo("us-east-1");
    }

    @Test
    void expressOneZoneStorageAndStandardStorageAreNotTakenForEachOther() {
        JsonNode expressOneZone = RECORDED.get("us-east-1|Express One Zone").get(0);
        JsonNode standard = RECORDED.get("us-east-1|Standard").get(1);

        assertThat(PriceListPrices.firstTierUsd(expressOneZone, PriceListPrices.EXPRESS_ONE_ZONE))
                .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.11"));
        assertThat(PriceListPrices.firstTierUsd(standard, PriceListPrices.EXPRESS_ONE_ZONE)).isEmpty();
        assertThat(PriceListPrices.firstTierUsd(expressOneZone, STANDARD)).isEmpty();
    }
}
