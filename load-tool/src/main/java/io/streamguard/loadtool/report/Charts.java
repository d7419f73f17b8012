package io.streamguard.loadtool.report;

import io.streamguard.loadtool.run.Figures;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG line charts of docs/performance.md, drawn headless. */
public final class Charts {

    /** One line of a chart: what it shows and how to read it from a measurement point. */
    public record Line(String label, ToDoubleFunction<Figures> value) {}

    private Charts() {}

    public static void write(
            Path png,
            String title,
            String xTitle,
            String yTitle,
            List<Figures> points,
            double[] xs,
            boolean logX,
            List<Line> lines) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(450)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(logX);
        styler.setYAxisMin(0.0);
        styler.setMarkerSize(7);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        for (Line line : lines) {
            double[] ys = points.stream()
                    .mapToDouble(line.value())
                    .map(v -> Double.isNaN(v) ? 0 : v)
                    .toArray();
            chart.addSeries(line.label(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
