package dev.mpujanitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md and docs/*.md render on GitHub as they are written: no table broken into paragraph text, no relative link to a
 * file or heading that is not there, no code block left open to swallow the rest of the page. A reader sees these only
 * once the page is published; the check reads each file through a CommonMark parser with GitHub's tables, as GitHub does.
 */
class MarkdownTest {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();

    /** A line written as a table row; in a paragraph it means the table it belonged to has ended above it. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|.*\\|\\s*$");

    /** A URI scheme (https:, mailto:, ...): such a link leaves the project and is not checked here. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /** What GitHub drops from a heading's text to make its anchor: everything but letters, digits, '_', '-' and spaces. */
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    @Test
    void everyMarkdownFileOfTheProjectRendersWhole() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
        }

        List<String> findings = new ArrayList<>();
        for (Path file : files) {
            findings.addAll(check(file));
        }

        assertThat(files).hasSizeGreaterThan(1);
        assertThat(findings).isEmpty();
    }

    @Test
    void aParagraphWedgedBetweenTableRowsIsABrokenTable(@TempDir Path folder) throws IOException {
        String page = """
                | claim | verified |
                |---|---|
                | one | yes |

                A note that belongs after the table.
                | two | yes |
                | three | no |
                """;

        assertThat(check(folder, "page.md", page)).containsExactly("page.md:6: a table row renders as paragraph text: "
                + "a blank line or paragraph inside the table ended it, or a delimiter row unlike its header never began it");
    }

    @Test
    void rowsAfterABlankLineInATableAreABrokenTable(@TempDir Path folder) throws IOException {
        String page = """
                | claim | verified |
                |---|---|
                | one | yes |

                | two | yes |
                """;

        assertThat(check(folder, "page.md", page)).singleElement().asString().startsWith("page.md:5: a table row renders as paragraph text");
    }

    @Test
    void aTableWhoseDelimiterRowDoesNotMatchItsHeaderIsABrokenTable(@TempDir Path folder) throws IOException {
        String page = """
                Before.

                | claim | verified | where |
                |---|---|
                | one | yes | here |
                """;

        assertThat(check(folder, "page.md", page)).singleElement().asString().startsWith("page.md:3: a table row renders as paragraph text");
    }

    @Test
    void aWholeTableAndAParagraphWithAPipeInItAreNotReported(@TempDir Path folder) throws IOException {
        String page = """
                | claim | verified |
                |---|---|
                | one | yes |
                | two | `a \\| b` |

                A sentence with a | in it, and `|code|` too.
                """;

        assertThat(check(folder, "page.md", page)).isEmpty();
    }

    @Test
    void aLinkOrImageToAFileThatIsNotThereIsDead(@TempDir Path folder) throws IOException {
        Files.createDirectory(folder.resolve("docs"));
        String page = """
                # Title

                See [the guide](guide.md) and [the rest](../missing.md#part).

                ![a picture](picture.png)
                """;

        assertThat(check(folder.resolve("docs"), "page.md", page)).containsExactly(
                "page.md:3: dead link: guide.md is not a file of the project",
                "page.md:3: dead link: ../missing.md is not a file of the project",
                "page.md:5: dead link: picture.png is not a file of the project");
    }

    @Test
    void aLinkToAHeadingThatIsNotThereIsDead(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("other.md"), "# Other\n\n## What a server sent\n");
        String page = """
                # Title

                [here](#a-heading) and [there](other.md#what-a-server-said)
                """;

        assertThat(check(folder, "page.md", page)).containsExactly(
                "page.md:3: dead link: #a-heading is no heading of page.md",
                "page.md:3: dead link: #what-a-server-said is no heading of other.md");
    }

    @Test
    void linksToFilesHeadingsAndOtherSitesThatExistAreNotReported(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("docs"));
        Files.writeString(folder.resolve("README.md"), "# Read me\n");
        Files.writeString(folder.resolve("docs/report.md"), "# Report\n\n## What a server sent\n\n## Limits\n\n## Limits\n");
        Files.write(folder.resolve("docs/report.png"), new byte[] {1});
        String page = """
                # The `Title`, again: (twice)

                ## The title, again twice

                [back](../README.md), [a section](report.md#what-a-server-sent), [the second](report.md#limits-1),
                [above](#the-title-again-twice-1), [top](#the-title-again-twice), ![shot](report.png),
                [a site](https://example.com/x.md), [mail](mailto:someone@example.com)

                [ref]: report.md
                See [the report][ref].
                """;

        assertThat(check(folder.resolve("docs"), "page.md", page)).isEmpty();
    }

    @Test
    void aCodeBlockThatIsNeverClosedIsReported(@TempDir Path folder) throws IOException {
        String page = """
                # Title

                ```bash
                ./mvnw verify
                ```

                ```bash
                ./mvnw -q -Pdemo

                The rest of the page, now in the code block.
                """;

        assertThat(check(folder, "page.md", page)).containsExactly(
                "page.md:7: code block never closed: the rest of the page renders as code");
    }

    /** The findings in a file of the project, each named by the file and line. */
    private static List<String> check(Path file) throws IOException {
        return check(file.toAbsolutePath().getParent(), file.toString(), Files.readString(file));
    }

    /** The findings in a page named {@code name} whose links are relative to {@code folder}. */
    private static List<String> check(Path folder, String name, String markdown) throws IOException {
        List<String> lines = markdown.lines().toList();
        List<String> findings = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        Node document = PARSER.parse(markdown);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Paragraph paragraph) {
                // Only the first stray row: the rest of the same paragraph is the same defect.
                paragraph.getSourceSpans().stream()
                        .filter(span -> TABLE_ROW.matcher(source(lines, span)).matches())
                        .findFirst()
                        .ifPresent(span -> findings.add(name + ":" + (span.getLineIndex() + 1) + ": a table row renders as paragraph text: "
                                + "a blank line or paragraph inside the table ended it, or a delimiter row unlike its header never began it"));
                visitChildren(paragraph);
            }

            @Override
            public void visit(FencedCodeBlock code) {
                if (code.getClosingFenceLength() == null) {
                    findings.add(name + ":" + line(code) + ": code block never closed: the rest of the page renders as code");
                }
            }

            @Override
            public void visit(Link link) {
                targets.add(new Target(link, link.getDestination()));
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                targets.add(new Target(image, image.getDestination()));
                visitChildren(image);
            }
        });

        // Checked once the page is read whole, since a link may name a heading further down.
        for (Target target : targets) {
            deadLink(folder, name, document, target.destination())
                    .ifPresent(problem -> findings.add(name + ":" + line(target.node()) + ": dead link: " + problem));
        }
        return findings;
    }

    /** A link or image, where it is written and where it leads. */
    private record Target(Node node, String destination) {}

    /** Why a link's destination leads nowhere, if it does not; links out of the project are not followed. */
    private static Optional<String> deadLink(Path folder, String name, Node document, String destination) throws IOException {
        if (destination.isEmpty() || SCHEME.matcher(destination).find()) {
            return Optional.empty();
        }
        int hash = destination.indexOf('#');
        // A browser decodes %20 and the like in a path, but reads '+' as itself, unlike a form's decoding.
        String path = URLDecoder.decode((hash < 0 ? destination : destination.substring(0, hash)).replace("+", "%2B"), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : destination.substring(hash + 1);
        if (path.isEmpty()) {
            // A bare '#' leads to the top of the page.
            return anchor.isEmpty() || anchors(document).contains(anchor) ? Optional.empty()
                    : Optional.of("#" + anchor + " is no heading of " + name);
        }
        Path file = folder.resolve(path).normalize();
        if (!Files.exists(file)) {
            return Optional.of(path + " is not a file of the project");
        }
        if (anchor != null && path.endsWith(".md") && !anchors(PARSER.parse(Files.readString(file))).contains(anchor)) {
            return Optional.of("#" + anchor + " is no heading of " + path);
        }
        return Optional.empty();
    }

    /** The anchors GitHub gives a page's headings: their text, lower case, punctuation dropped, spaces as '-', repeats numbered. */
    private static Set<String> anchors(Node document) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String slug = NOT_IN_SLUG.matcher(text(heading).toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        });
        return anchors;
    }

    /** A heading's text as rendered: its words and code spans, without their markup. */
    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text words) {
                text.append(words.getLiteral());
            } else if (child instanceof Code code) {
                text.append(code.getLiteral());
            } else {
                text.append(text(child));
            }
        }
        return text.toString();
    }

    private static String source(List<String> lines, SourceSpan span) {
        return lines.get(span.getLineIndex()).substring(span.getColumnIndex(), span.getColumnIndex() + span.getLength());
    }

    private static int line(Node node) {
        return node.getSourceSpans().getFirst().getLineIndex() + 1;
    }
}
