package dev.mpujanitor.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policies the moto tier creates are the templates' own, with every condition taken and every name filled in. */
class DeployedPoliciesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFunctionRoleOfAnOrganizationNamesItsOwnFunctionAndEveryMemberRoleAndNothingIsLeftToResolve() throws Exception {
        Map<String, Object> policy = DeployedPolicies.functionRole(Map.of("Accounts", "organization", "AbortStaleUploads", "false"),
                "123456789012", "janitor");

        String text = JSON.writeValueAsString(policy);
        // ${aws:PrincipalOrgID} is IAM's own policy variable, filled in when a request is evaluated.
        assertThat(text.replace("${aws:PrincipalOrgID}", "")).doesNotContain("Fn::", "\"Ref\"", "${").doesNotContain("s3:AbortMultipartUpload");
        assertThat(statement(policy, "ContinueScan").get("Resource")).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:janitor-janitor");
        assertThat(statement(policy, "AssumeMemberRoles").get("Resource")).isEqualTo("arn:aws:iam::*:role/mpu-janitor-member");
        assertThat(statement(policy, "ListOrganizationAccounts").get("Action")).isEqualTo("organizations:ListAccounts");
        assertThat(statement(policy, "KeepAbortRuleAndListUploads").get("Resource")).isEqualTo("arn:aws:s3:::*");
        assertThat(statement(policy, "KeepAbortRuleAndListUploads").get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceAccount", "123456789012")));
        assertThat(statement(policy, "AssumeMemberRoles").get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceOrgID", "${aws:PrincipalOrgID}")));
    }

    @Test
    void theFunctionRoleOfListedAccountsMayAssumeOnlyTheirMemberRoles() {
        Map<String, Object> policy = DeployedPolicies.functionRole(Map.of("Accounts", "111111111111,222222222222", "AbortStaleUploads", "true"),
                "123456789012", "janitor");

        assertThat(statement(policy, "AssumeMemberRoles").get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceAccount", List.of("111111111111", "222222222222"))));
        assertThat(statement(policy, "AbortStaleUploads").get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceAccount", "123456789012")));
    }

    @Test
    void aFunctionRoleOfItsOwnAccountOnlyHasNeitherTheOrganizationNorTheMemberRoles() {
        Map<String, Object> policy = DeployedPolicies.functionRole(Map.of("Accounts", "self", "AbortStaleUploads", "true"), "123456789012", "janitor");

        assertThat(sids(policy)).contains("AbortStaleUploads").doesNotContain("AssumeMemberRoles", "ListOrganizationAccounts");
    }

    @Test
    void theFunctionRoleGrantsTheDirectoryBucketsOfItsOwnAccountOnlyWhenAskedTo() {
        Map<String, Object> with = DeployedPolicies.functionRole(Map.of("Accounts", "self"), "123456789012", "janitor");
        Map<String, Object> without = DeployedPolicies.functionRole(Map.of("Accounts", "self", "DirectoryBuckets", "false"), "123456789012", "janitor");

        assertThat(statement(with, "ListDirectoryBuckets")).containsEntry("Action", "s3express:ListAllMyDirectoryBuckets").containsEntry("Resource", "*");
        assertThat(statement(with, "KeepAbortRuleOnDirectoryBuckets").get("Resource")).isEqualTo("arn:aws:s3express:*:123456789012:bucket/*");
        assertThat(statement(with, "KeepAbortRuleOnDirectoryBuckets").get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceAccount", "123456789012")));
        assertThat(DeployedPolicies.actions(without)).noneSatisfy(action -> assertThat(action).startsWith("s3express:"));
    }

    @Test
    void theMemberRoleGrantsAbortingAndDirectoryBucketsOnlyWhenAskedTo() {
        assertThat(sids(DeployedPolicies.memberRole(Map.of("FunctionRoleArn", "arn:aws:iam::123456789012:role/hub"), "222222222222")))
                .containsExactly("ListBuckets", "KeepAbortRuleAndListUploads", "MeasureUploads", "ListDirectoryBuckets", "KeepAbortRuleOnDirectoryBuckets");
        assertThat(sids(DeployedPolicies.memberRole(Map.of("DirectoryBuckets", "false"), "222222222222")))
                .containsExactly("ListBuckets", "KeepAbortRuleAndListUploads", "MeasureUploads");
        assertThat(sids(DeployedPolicies.memberRole(Map.of("AbortStaleUploads", "true"), "222222222222"))).contains("AbortStaleUploads");
    }

    @Test
    void theMemberRoleGrantsOnlyItsOwnAccountsBuckets() {
        Map<String, Object> policy = DeployedPolicies.memberRole(Map.of("AbortStaleUploads", "true"), "222222222222");

        assertThat(List.of("KeepAbortRuleAndListUploads", "MeasureUploads", "AbortStaleUploads", "KeepAbortRuleOnDirectoryBuckets")).allSatisfy(sid ->
                assertThat(statement(policy, sid).get("Condition")).as(sid).isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceAccount", "222222222222"))));
        assertThat(statement(policy, "KeepAbortRuleOnDirectoryBuckets").get("Resource")).isEqualTo("arn:aws:s3express:*:222222222222:bucket/*");
    }

    private static List<Object> sids(Map<String, Object> policy) {
        return SamTemplate.list(policy.get("Statement")).stream().map(item -> SamTemplate.map(item).get("Sid")).toList();
    }

    private static Map<String, Object> statement(Map<String, Object> policy, String sid) {
        return SamTemplate.list(policy.get("Statement")).stream().map(SamTemplate::map).filter(item -> sid.equals(item.get("Sid")))
                .findFirst().orElseThrow(() -> new AssertionError("no statement " + sid));
    }
}
