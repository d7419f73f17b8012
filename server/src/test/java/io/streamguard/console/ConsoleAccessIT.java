package io.streamguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Who may open what: an admin sees every view; a compliance officer sees the audit and nothing else. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAccessIT extends AbstractConsoleIT {

    @Test
    @Order(1)
    void anAdminSignsInAndSeesEveryViewAndTheirNameAndRole() {
        browser.open("/login");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("vaadin-login-form")));
        browser.screenshot("login");

        browser.signIn(ADMIN, ADMIN_PASSWORD);

        assertThat(navigation()).containsExactly("Live streams", "Rules", "Audit search", "API clients", "Users");
        assertThat(browser.driver().findElement(By.cssSelector(".console-user")).getText())
                .isEqualTo(ADMIN);
        assertThat(browser.driver().findElement(By.cssSelector(".console-role")).getText())
                .isEqualTo("admin");
        browser.signOut();
    }

    @Test
    @Order(2)
    void anAdminCreatesAComplianceUserWhoSeesOnlyTheAuditAndCannotReachTheRules() {
        String officer = unique("officer-");
        String password = "compliance-pw-" + officer;
        browser.signIn(ADMIN, ADMIN_PASSWORD);
        browser.open("/users");
        browser.type(browser.input("new-username"), officer);
        browser.type(browser.input("new-password"), password);
        browser.choose("Role", "Compliance: audit only");
        browser.button("Create user").click();
        browser.waiting().until(d -> browser.gridRows("users-grid").stream().anyMatch(row -> row.contains(officer)));
        browser.screenshot("users");
        browser.signOut();

        browser.signIn(officer, password);

        assertThat(navigation()).containsExactly("Audit search");
        assertThat(browser.driver().findElement(By.cssSelector(".console-role")).getText())
                .isEqualTo("compliance");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-grid.audit-grid")));
        assertThat(browser.driver().findElements(By.cssSelector(".audit-verify")))
                .isEmpty();

        browser.open("/rules");

        assertThat(browser.driver().findElements(By.cssSelector("vaadin-grid.rules-grid")))
                .isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector(".rule-form"))).isEmpty();
        browser.open("/users");
        assertThat(browser.driver().findElements(By.cssSelector("vaadin-grid.users-grid")))
                .isEmpty();
        browser.open("/audit");
        browser.signOut();
    }

    private List<String> navigation() {
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-side-nav-item")));
        return browser
                .driver()
                .findElements(By.cssSelector("vaadin-side-nav.console-nav > vaadin-side-nav-item"))
                .stream()
                .map(WebElement::getText)
                .map(String::strip)
                .toList();
    }
}
