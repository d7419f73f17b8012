package io.streamguard.console;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The console's page shell: Lumo and our own stylesheet, both plain CSS from the prebuilt bundle,
 * and server push (a websocket) so the live views change without the browser asking.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/console.css")
@PWA(name = "StreamGuard", shortName = "StreamGuard")
public class ConsoleShell implements AppShellConfigurator {}
