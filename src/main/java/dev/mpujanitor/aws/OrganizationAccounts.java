package dev.mpujanitor.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.ports.OrganizationDirectory;
import java.util.function.Consumer;

/**
 * The organization's accounts, from Organizations ListAccounts, page by page. An account's {@code State} is read,
 * or its older {@code Status} where a response has no State.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
final class OrganizationAccounts implements OrganizationDirectory {

    /** The IAM action ListAccounts needs, on "*", in the management account or a delegated administrator. */
    static final String IAM_ACTION = "organizations:ListAccounts";
    /** The most accounts a page may hold. */
    private static final int PAGE_SIZE = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsJsonService api;

    OrganizationAccounts(AwsJsonService api) {
        this.api = api;
    }

    @Override
    public void forEachAccount(Consumer<OrganizationAccount> action) {
        ObjectNode request = JSON.createObjectNode().put("MaxResults", PAGE_SIZE);
        try {
            while (true) {
                JsonNode page = api.call("ListAccounts", request);
                for (JsonNode account : page.path("Accounts")) {
                    String state = account.hasNonNull("State") ? account.get("State").asText() : account.path("Status").asText();
                    action.accept(new OrganizationAccount(account.path("Id").asText(), state));
                }
                String next = page.path("NextToken").asText("");
                if (next.isEmpty()) {
                    return;
                }
                request.put("NextToken", next);
            }
        } catch (AwsJsonService.AwsJsonException e) {
            throw new DirectoryException("could not list the organization's accounts: " + e.getMessage(), e);
        }
    }
}
