package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void countsReadAsPeopleWriteThem() {
        assertThat(Figures.count(1, "incomplete upload")).isEqualTo("1 incomplete upload");
        assertThat(Figures.count(0, "bucket")).isEqualTo("0 buckets");
        assertThat(Figures.count(2, "day")).isEqualTo("2 days");
    }

    @Test
    void moneyKeepsTwoSignificantDigitsBelowADollarAndCentsAbove() {
        assertThat(Figures.usd(new BigDecimal("0.00056153"))).isEqualTo("USD 0.00056");
        assertThat(Figures.usd(new BigDecimal("0.069"))).isEqualTo("USD 0.069");
        assertThat(Figures.usd(new BigDecimal("12.3456"))).isEqualTo("USD 12.35");
        assertThat(Figures.usd(BigDecimal.ZERO)).isEqualTo("USD 0");
    }

    @Test
    void bytesReadAsPeopleWriteThem() {
        assertThat(Figures.bytes(512)).isEqualTo("512 B");
        assertThat(Figures.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Figures.bytes(19L << 20)).isEqualTo("19.0 MiB");
    }

    @Test
    void anAgeReadsInWholeDays() {
        assertThat(Figures.ago(Duration.ofHours(23))).isEqualTo("under a day ago");
        assertThat(Figures.ago(Duration.ofHours(47))).isEqualTo("1 day ago");
        assertThat(Figures.ago(Duration.ofDays(1_200))).isEqualTo("1,200 days ago");
    }
}
