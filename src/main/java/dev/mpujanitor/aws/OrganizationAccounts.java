package dev.mpujanitor.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.ports.OrganizationDirectory;
import java.util.Iterator;
import java.util.NoSuchElementException;
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
        try {
            PagesAhead.start(this::pages, "account-listing").forEach(page -> {
                for (JsonNode account : page.path("Accounts")) {
                    String state = account.hasNonNull("State") ? account.get("State").asText() : account.path("Status").asText();
                    action.accept(new OrganizationAccount(account.path("Id").asText(), state));
                }
                return true;
            });
        } catch (AwsJsonService.AwsJsonException e) {
            throw new DirectoryException("could not list the organization's accounts: " + e.getMessage(), e);
        }
    }

    /** The ListAccounts pages, each asked for when the one before has been read. */
    private Iterator<JsonNode> pages() {
        ObjectNode request = JSON.createObjectNode().put("MaxResults", PAGE_SIZE);
        return new Iterator<>() {
            private boolean more = true;

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public JsonNode next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                JsonNode page = api.call("ListAccounts", request);
                String next = page.path("NextToken").asText("");
                more = !next.isEmpty();
                request.put("NextToken", next);
                return page;
            }
        };
    }
}
