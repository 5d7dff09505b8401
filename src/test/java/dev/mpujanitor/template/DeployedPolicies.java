package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.map;
import static dev.mpujanitor.template.SamTemplate.oneOrMany;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM policies of the project's templates as CloudFormation deploys them, for given parameter values, in one
 * account of the {@code aws} partition in us-east-1: for the tests that create these roles on an emulator and run
 * the function under them.
 */
public final class DeployedPolicies {

    public static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployedPolicies() {
    }

    /**
     * The policy of template.yaml's function role (SAM makes one role of the function's Policies), as a policy
     * document.
     */
    public static Map<String, Object> functionRole(Map<String, String> parameters, String account, String stackName) {
        SamTemplate hub = SamTemplate.load();
        TemplateConditions deployed = new TemplateConditions(hub, withPseudoParameters(parameters, account, stackName));
        List<Object> statements = new ArrayList<>();
        for (Object policy : oneOrMany(hub.properties("JanitorFunction").get("Policies"))) {
            statements.addAll(oneOrMany(map(deployed.resolve(policy)).get("Statement")));
        }
        return Map.of("Version", "2012-10-17", "Statement", statements);
    }

    /** The one inline policy of member-role.yaml's role. */
    public static Map<String, Object> memberRole(Map<String, String> parameters, String account) {
        SamTemplate member = SamTemplate.load(SamTemplate.PROJECT_ROOT.resolve("member-role.yaml"));
        TemplateConditions deployed = new TemplateConditions(member, withPseudoParameters(parameters, account, "mpu-janitor-member"));
        Object role = member.properties(member.resourcesOfType("AWS::IAM::Role").getFirst()).get("Policies");
        return map(map(oneOrMany(deployed.resolve(role)).getFirst()).get("PolicyDocument"));
    }

    /** {@code policy} less {@code action}; a statement left with no action goes. */
    public static Map<String, Object> without(Map<String, Object> policy, String action) {
        List<Object> statements = new ArrayList<>();
        for (Object item : oneOrMany(policy.get("Statement"))) {
            Map<String, Object> statement = new LinkedHashMap<>(map(item));
            List<Object> kept = oneOrMany(statement.get("Action")).stream().filter(granted -> !action.equals(granted)).toList();
            if (!kept.isEmpty()) {
                statement.put("Action", kept);
                statements.add(statement);
            }
        }
        Map<String, Object> less = Map.of("Version", policy.get("Version"), "Statement", statements);
        if (actions(less).size() != actions(policy).size() - 1) {
            throw new AssertionError("the policy does not grant " + action + " once: " + policy);
        }
        return less;
    }

    /** Every action a policy grants, as often as it grants it. */
    public static List<String> actions(Map<String, Object> policy) {
        return oneOrMany(policy.get("Statement")).stream().flatMap(statement -> oneOrMany(map(statement).get("Action")).stream())
                .map(String.class::cast).toList();
    }

    /** A policy document as IAM takes it. */
    public static String json(Map<String, Object> policy) {
        try {
            return JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> withPseudoParameters(Map<String, String> parameters, String account, String stackName) {
        Map<String, String> values = new HashMap<>(parameters);
        values.put("AWS::Partition", "aws");
        values.put("AWS::Region", REGION);
        values.put("AWS::AccountId", account);
        values.put("AWS::StackName", stackName);
        return values;
    }
}
