package io.streamguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Writing a rule in the console: validated as typed, tried on sample text, then saved and listed. */
class RuleAuthoringIT extends AbstractConsoleIT {

    @BeforeAll
    void signIn() {
        browser.signIn(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void signOut() {
        browser.forgetSession();
    }

    @Test
    void aNewRuleIsTriedOnTheTestBenchBeforeItIsSavedAndListed() {
        String name = unique("Codename falcon ");
        browser.open("/rules");
        browser.button("New rule").click();
        browser.type(browser.labelled("Name"), name);
        browser.type(browser.labelled("Keywords, one per line"), "project falcon\nproject osprey");
        browser.waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(".rule-problems"), "The engine accepts this rule."));

        browser.type(
                browser.labelled("Sample text"),
                "Here is the plan for Project Falcon, as agreed.\nThe osprey team joins later: project osprey.");

        WebElement match = browser.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".test-bench .match")));
        assertThat(match.getText()).isEqualTo("Project Falcon");
        assertThat(match.getAttribute("title")).isEqualTo(name + " (block)");
        assertThat(browser.driver().findElements(By.cssSelector(".test-bench .match")))
                .hasSize(2);
        assertThat(browser.driver()
                        .findElement(By.cssSelector(".bench-summary"))
                        .getText())
                .isEqualTo("2 matches.");
        browser.screenshot("rules");

        browser.button("Save").click();

        browser.waiting()
                .until(d -> browser.gridRows("rules-grid").stream()
                        .anyMatch(row -> row.contains(name) && row.contains("block") && row.contains("enabled")));
    }

    @Test
    void aPatternTheEngineRefusesIsExplainedAsItIsTypedAndCannotBeSaved() {
        browser.open("/rules");
        browser.button("New rule").click();
        browser.type(browser.labelled("Name"), unique("Repeated word "));
        browser.choose("Kind", "Regular expression");
        browser.type(browser.labelled("Pattern"), "(\\w+) \\1");

        WebElement problems = browser.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".rule-problems.rule-invalid")));
        assertThat(problems.getText()).containsIgnoringCase("backreference");
        assertThat(browser.driver()
                        .findElement(By.xpath("//vaadin-button[normalize-space()='Save']"))
                        .getAttribute("disabled"))
                .isNotNull();
        assertThat(browser.driver()
                        .findElement(By.cssSelector(".bench-summary"))
                        .getText())
                .isEqualTo("Fix the rule to try it out.");
        browser.button("Close").click();
    }
}
