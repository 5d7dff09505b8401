package dev.mpujanitor.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the test-support loader reads CloudFormation YAML. */
class TemplateYamlTest {

    @Test
    void shortFormTagsBecomeTheirLongForm() {
        Map<String, Object> read = CloudFormationYaml.parse("""
                ref: !Ref Bucket
                sub: !Sub arn:${AWS::Partition}:s3:::*
                attribute: !GetAtt Function.Arn
                attributeList: !GetAtt [Function, Arn]
                condition: !Not [!Equals [!Ref Count, "0"]]
                named: !Condition IsProd
                choice: !If [IsProd, !Ref A, !Ref AWS::NoValue]
                joined: !Join ["-", [a, !Select [0, !Split [",", "x,y"]]]]
                mapped: !FindInMap [Map, !Ref AWS::Region, Key]
                """);

        assertThat(read).containsEntry("ref", Map.of("Ref", "Bucket"))
                .containsEntry("sub", Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::*"))
                .containsEntry("attribute", Map.of("Fn::GetAtt", List.of("Function", "Arn")))
                .containsEntry("attributeList", Map.of("Fn::GetAtt", List.of("Function", "Arn")))
                .containsEntry("condition", Map.of("Fn::Not", List.of(
                        Map.of("Fn::Equals", List.of(Map.of("Ref", "Count"), "0")))))
                .containsEntry("named", Map.of("Condition", "IsProd"))
                .containsEntry("choice", Map.of("Fn::If", List.of("IsProd", Map.of("Ref", "A"), Map.of("Ref", "AWS::NoValue"))))
                .containsEntry("joined", Map.of("Fn::Join", List.of("-", List.of("a",
                        Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(",", "x,y"))))))))
                .containsEntry("mapped", Map.of("Fn::FindInMap", List.of("Map", Map.of("Ref", "AWS::Region"), "Key")));
    }

    @Test
    void onlyTrueAndFalseAreBooleansAndDatesStayText() {
        Map<String, Object> read = CloudFormationYaml.parse("""
                off: OFF
                yes: yes
                on: on
                enabled: true
                version: 2010-09-09
                octal: 0755
                days: 7
                """);

        assertThat(read).containsEntry("off", "OFF").containsEntry("yes", "yes").containsEntry("on", "on")
                .containsEntry("enabled", true).containsEntry("version", "2010-09-09")
                .containsEntry("octal", "0755").containsEntry("days", 7);
    }

    @Test
    void aDuplicateKeyIsAnError() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("""
                Timeout: 900
                Timeout: 60
                """)).hasMessageContaining("Timeout");
    }
}
