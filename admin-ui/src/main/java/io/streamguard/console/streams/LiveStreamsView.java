package io.streamguard.console.streams;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.streamguard.api.stream.LiveStream;
import io.streamguard.api.stream.StreamActivity;
import io.streamguard.api.stream.StreamService;
import io.streamguard.api.verdict.Violation;
import io.streamguard.console.layout.ActionBadge;
import io.streamguard.console.layout.MainLayout;
import io.streamguard.console.layout.Times;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * The streams open right now across the cluster, pushed to the browser every second while the
 * view is attached, with counters on top; a selected stream shows its violations so far.
 */
@Route(value = "streams", layout = MainLayout.class)
@PageTitle("Live streams · StreamGuard")
@RolesAllowed("ADMIN")
public class LiveStreamsView extends VerticalLayout {

    static final Duration REFRESH = Duration.ofSeconds(1);
    private static final int MAX_ROWS = 500;
    private static final Logger log = LoggerFactory.getLogger(LiveStreamsView.class);

    private final StreamService streams;
    private final TaskScheduler scheduler;
    private final List<LiveStream> rows = new ArrayList<>();
    private final ListDataProvider<LiveStream> provider = new ListDataProvider<>(rows) {
        @Override
        public Object getId(LiveStream stream) {
            return stream.streamId();
        }
    };
    private final Grid<LiveStream> grid = new Grid<>();
    private final Counter open = new Counter("Open streams", "counter-open");
    private final Counter updates = new Counter("Updates per second", "counter-updates");
    private final Counter blocks = new Counter("Blocks in the last minute", "counter-blocks");
    private final StreamDetail detail = new StreamDetail();
    private @Nullable String selected;
    private @Nullable ScheduledFuture<?> ticker;

    public LiveStreamsView(StreamService streams, TaskScheduler scheduler) {
        this.streams = streams;
        this.scheduler = scheduler;
        addClassName("streams-view");
        setSizeFull();
        configureGrid();
        add(new H2("Live streams"), counters(), grid, detail);
        expand(grid);
    }

    private HorizontalLayout counters() {
        HorizontalLayout counters = new HorizontalLayout(open, updates, blocks);
        counters.addClassName("counters");
        return counters;
    }

    private void configureGrid() {
        grid.addClassName("live-grid");
        grid.setWidthFull();
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.setDataProvider(provider);
        grid.addColumn(s -> abbreviated(s.streamId()))
                .setHeader("Stream")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(s -> abbreviated(s.clientId().toString()))
                .setHeader("Client")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(LiveStream::userId).setHeader("User").setAutoWidth(true);
        grid.addColumn(LiveStream::botId).setHeader("Bot").setAutoWidth(true);
        grid.addColumn(s -> s.owner() == null ? "" : s.owner())
                .setHeader("Node")
                .setAutoWidth(true);
        grid.addColumn(s -> Times.age(s.startedAt(), Instant.now()))
                .setHeader("Age")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(LiveStream::position)
                .setHeader("Position")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(LiveStream::updateCount)
                .setHeader("Updates")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(s -> ActionBadge.of(s.action())))
                .setHeader("Action")
                .setWidth("7em")
                .setFlexGrow(0);
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.isFromClient() || e.getValue() != null) {
                selected = e.getValue() == null ? null : e.getValue().streamId();
                detail.show(e.getValue());
            }
        });
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        refresh(ui);
        ticker = scheduler.scheduleAtFixedRate(() -> refresh(ui), Instant.now().plus(REFRESH), REFRESH);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        super.onDetach(detachEvent);
    }

    /** Reads the cluster outside the session lock, then hands the result to the UI to push. */
    private void refresh(UI ui) {
        try {
            List<LiveStream> live = streams.live(MAX_ROWS);
            StreamActivity activity = streams.activity();
            ui.access(() -> show(live, activity));
        } catch (com.vaadin.flow.component.UIDetachedException detached) {
            // the view was closed between two ticks; onDetach cancels the next one
        } catch (RuntimeException e) {
            log.warn("Live streams not readable now: {}", e.toString());
        }
    }

    private void show(List<LiveStream> live, StreamActivity activity) {
        open.set(activity.openStreams());
        updates.set(activity.updatesPerSecond());
        blocks.set(activity.blocksLastMinute());
        rows.clear();
        rows.addAll(live);
        provider.refreshAll();
        if (selected != null) {
            live.stream()
                    .filter(s -> s.streamId().equals(selected))
                    .findFirst()
                    .ifPresentOrElse(detail::show, detail::ended);
        }
    }

    private static String abbreviated(String id) {
        return id.length() <= 10 ? id : id.substring(0, 10) + "…";
    }

    /** One figure with its label. */
    private static final class Counter extends Div {

        private final Span value = new Span("–");

        Counter(String label, String className) {
            Span caption = new Span(label);
            caption.addClassName("counter-label");
            value.addClassName("counter-value");
            add(value, caption);
            addClassNames("counter", className);
        }

        void set(long figure) {
            value.setText(Long.toString(figure));
        }
    }

    /** The selected stream: who, where, and every violation so far; hidden while none is selected. */
    private static final class StreamDetail extends HorizontalLayout {

        private final H3 title = new H3();
        private final Div facts = new Div();
        private final Grid<Violation> violations = new Grid<>();
        private final Paragraph note = new Paragraph();

        StreamDetail() {
            addClassName("stream-detail");
            setWidthFull();
            facts.addClassName("stream-facts");
            violations.addClassName("stream-violations");
            violations.addThemeVariants(GridVariant.ROW_STRIPES, GridVariant.WRAP_CELL_CONTENT);
            violations.addColumn(Violation::ruleName).setHeader("Rule").setFlexGrow(1);
            violations
                    .addColumn(new ComponentRenderer<>(v -> ActionBadge.of(v.action())))
                    .setHeader("Action")
                    .setWidth("7em")
                    .setFlexGrow(0);
            violations
                    .addColumn(v -> v.start() + "–" + v.end())
                    .setHeader("At")
                    .setAutoWidth(true)
                    .setFlexGrow(0);
            violations.addColumn(Violation::excerpt).setHeader("Excerpt").setFlexGrow(1);
            VerticalLayout summary = new VerticalLayout(title, note, facts);
            summary.addClassName("stream-summary");
            summary.setPadding(false);
            summary.setSpacing(false);
            summary.setWidth("440px");
            add(summary, violations);
            expand(violations);
            setVisible(false);
        }

        void show(@Nullable LiveStream stream) {
            setVisible(stream != null);
            if (stream == null) {
                return;
            }
            title.setText("Stream " + abbreviated(stream.streamId()));
            note.setText(
                    switch (stream.violations().size()) {
                        case 0 -> "No violations so far.";
                        case 1 -> "1 violation so far.";
                        default -> stream.violations().size() + " violations so far.";
                    });
            facts.removeAll();
            facts.add(
                    fact("Action", ActionBadge.of(stream.action())),
                    fact("User", new Span(stream.userId())),
                    fact("Bot", new Span(stream.botId())),
                    fact("Started", new Span(Times.format(stream.startedAt()))),
                    fact("Last update", new Span(Times.format(stream.lastUpdateAt()))),
                    fact("Position", new Span(Integer.toString(stream.position()))));
            violations.setItems(stream.violations());
        }

        void ended() {
            note.setText("This stream has ended; its audit entry holds the whole message.");
        }

        private static Div fact(String label, com.vaadin.flow.component.Component value) {
            Span caption = new Span(label);
            caption.addClassName("fact-label");
            Div fact = new Div(caption, value);
            fact.addClassName("fact");
            return fact;
        }
    }
}
