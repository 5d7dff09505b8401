package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketLifecycle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * The round-trip check on bodies as S3 sends them (the shapes of the GetBucketLifecycleConfiguration reference),
 * against the SDK rules they would be parsed into.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycleConfiguration.html
 */
class XmlRoundTripTest {

    private static final String OPEN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    private static final String CLOSE = "</LifecycleConfiguration>";

    private static final String ARCHIVE_XML = """
            <Rule><ID>archive</ID><Filter><And><Prefix>data/</Prefix><Tag><Key>team</Key><Value>x</Value></Tag>\
            <Tag><Key>tier</Key><Value>cold</Value></Tag><ObjectSizeGreaterThan>1024</ObjectSizeGreaterThan></And></Filter>\
            <Status>Enabled</Status><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition>\
            <Transition><Days>90</Days><StorageClass>GLACIER</StorageClass></Transition>\
            <NoncurrentVersionExpiration><NoncurrentDays>60</NoncurrentDays><NewerNoncurrentVersions>3</NewerNoncurrentVersions></NoncurrentVersionExpiration>\
            <Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>""";
    private static final LifecycleRule ARCHIVE = LifecycleRule.builder().id("archive").status(ExpirationStatus.ENABLED)
            .filter(f -> f.and(a -> a.prefix("data/").tags(Tag.builder().key("team").value("x").build(), Tag.builder().key("tier").value("cold").build())
                    .objectSizeGreaterThan(1024L)))
            .transitions(Transition.builder().days(30).storageClass(TransitionStorageClass.STANDARD_IA).build(),
                    Transition.builder().days(90).storageClass(TransitionStorageClass.GLACIER).build())
            .noncurrentVersionExpiration(e -> e.noncurrentDays(60).newerNoncurrentVersions(3))
            .expiration(e -> e.expiredObjectDeleteMarker(true))
            .build();

    private static final String LOGS_XML = "<Rule><ID>logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><Days>30</Days></Expiration></Rule>";
    @SuppressWarnings("deprecation") // the legacy rule-level Prefix, as S3 still returns it
    private static final LifecycleRule LOGS = LifecycleRule.builder().id("logs").prefix("logs/").status(ExpirationStatus.ENABLED)
            .expiration(e -> e.days(30)).build();

    private static XmlRoundTrip read(String rules, LifecycleRule... model) {
        return new XmlRoundTrip(Optional.of((OPEN + rules + CLOSE).getBytes(StandardCharsets.UTF_8)), List.of(model));
    }

    /** What the policy would write: every rule read, and ours appended. */
    private static BucketLifecycle keepingAll(LifecycleRule... read) {
        List<LifecycleRule> rules = new ArrayList<>(List.of(read));
        rules.add(new AbortRulePolicy(7).ourRule(false));
        return new BucketLifecycle(rules, Optional.empty());
    }

    @Test
    void aBodyTheModelHoldsWholeLosesNothing() {
        assertThat(read(ARCHIVE_XML + LOGS_XML, ARCHIVE, LOGS).lostBy(keepingAll(ARCHIVE, LOGS))).isEmpty();
    }

    @Test
    void aValueTheSdkDoesNotKnowIsKeptAsTextSoItIsNoLoss() {
        LifecycleRule future = LifecycleRule.builder().id("f").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .transitions(Transition.builder().days(1).storageClass("FUTURE_CLASS").build()).build();

        assertThat(read("<Rule><ID>f</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
                + "<Transition><Days>1</Days><StorageClass>FUTURE_CLASS</StorageClass></Transition></Rule>", future)
                .lostBy(keepingAll(future))).isEmpty();
    }

    @Test
    void anElementTheModelDoesNotHoldIsNamedByItsPath() {
        String withNewFilter = ARCHIVE_XML.replace("</And>", "<ObjectTagsAny><Tag><Key>k</Key></Tag></ObjectTagsAny></And>");

        assertThat(read(LOGS_XML + withNewFilter, LOGS, ARCHIVE).lostBy(keepingAll(LOGS, ARCHIVE)))
                .contains("Rule[2]/Filter/And/ObjectTagsAny");
    }

    @Test
    void aNewActionInARuleIsALoss() {
        String withNewAction = LOGS_XML.replace("</Rule>", "<ExpireAfterLastAccess><Days>9</Days></ExpireAfterLastAccess></Rule>");

        assertThat(read(withNewAction, LOGS).lostBy(keepingAll(LOGS))).contains("Rule[1]/ExpireAfterLastAccess");
    }

    @Test
    void aRepeatedElementTheModelHoldsFewerTimesIsALoss() {
        LifecycleRule oneTransition = ARCHIVE.toBuilder().transitions(ARCHIVE.transitions().getFirst()).build();

        assertThat(read(ARCHIVE_XML, oneTransition).lostBy(keepingAll(oneTransition))).contains("Rule[1]/Transition[2]");
    }

    @Test
    void anAttributeIsALoss() {
        assertThat(read(LOGS_XML.replace("<Rule>", "<Rule future=\"1\">"), LOGS).lostBy(keepingAll(LOGS))).contains("Rule[1]@future");
    }

    @Test
    void anElementUnderAPlainValueIsALoss() {
        assertThat(read(LOGS_XML.replace("<Days>30</Days>", "<Days>30<Unit>d</Unit></Days>"), LOGS).lostBy(keepingAll(LOGS)))
                .contains("Rule[1]/Expiration/Days/Unit");
    }

    @Test
    void aRuleTheModelDroppedIsALoss() {
        assertThat(read(LOGS_XML + ARCHIVE_XML, LOGS).lostBy(keepingAll(LOGS))).contains("Rule[2]");
    }

    @Test
    void anUnknownElementBesideTheRulesIsALoss() {
        assertThat(read(LOGS_XML + "<DefaultRetention>1</DefaultRetention>", LOGS).lostBy(keepingAll(LOGS))).contains("DefaultRetention");
    }

    @Test
    void aRuleTheWriteReplacesIsNotComparedSinceNothingOfItIsKept() {
        LifecycleRule drifted = new AbortRulePolicy(30).ourRule(false);
        String driftedXml = "<Rule><ID>" + AbortRulePolicy.RULE_ID + "</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
                + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>30</DaysAfterInitiation><Future/></AbortIncompleteMultipartUpload></Rule>";
        BucketLifecycle replaced = new BucketLifecycle(List.of(LOGS, new AbortRulePolicy(7).ourRule(false)), Optional.empty());

        assertThat(read(LOGS_XML + driftedXml, LOGS, drifted).lostBy(replaced)).isEmpty();
    }

    @Test
    void whenTheBodyCannotBeReadNothingIsWritten() {
        assertThat(new XmlRoundTrip(Optional.empty(), List.of()).lostBy(BucketLifecycle.none())).isPresent();
        assertThat(new XmlRoundTrip(Optional.of("<LifecycleConfiguration><Rule>".getBytes(StandardCharsets.UTF_8)), List.of())
                .lostBy(BucketLifecycle.none())).hasValueSatisfying(reason -> assertThat(reason).contains("not XML"));
    }

    @Test
    void aDocumentTypeDeclarationIsNeverFollowed() {
        String withEntity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><LifecycleConfiguration>&e;</LifecycleConfiguration>";

        assertThat(new XmlRoundTrip(Optional.of(withEntity.getBytes(StandardCharsets.UTF_8)), List.of()).lostBy(BucketLifecycle.none())).isPresent();
    }
}
