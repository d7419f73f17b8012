package io.streamguard.loadtool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The command line: a command followed by {@code --name value} pairs, each name at most once. */
record Options(String command, Map<String, String> values, List<String> arguments) {

    private static final List<String> MACHINE_SPECIFIC = List.of("server-pids", "database-pids");

    static Options parse(String[] args) {
        if (args.length == 0) {
            return new Options("help", Map.of(), List.of());
        }
        var values = new HashMap<String, String>();
        var arguments = new ArrayList<String>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    values.put(name.substring(0, equals), name.substring(equals + 1));
                }
                else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.put(name, args[++i]);
                }
                else {
                    values.put(name, "true");
                }
            }
            else {
                arguments.add(args[i]);
            }
        }
        return new Options(args[0], values, arguments);
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    List<String> list(String name, String fallback) {
        String value = text(name, fallback);
        return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
    }

    List<Long> pids(String name) {
        return list(name, "").stream().map(Long::parseLong).toList();
    }

    /** This command line as a reader can retype it: process ids are placeholders, secrets never appear. */
    String reproducible() {
        var line = new StringBuilder("java -jar load-tool/target/load-tool.jar ").append(command);
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !e.getKey().equals("reproduce") && !e.getKey().equals("json"))
                .forEach(e -> line.append(" --").append(e.getKey()).append(' ')
                        .append(MACHINE_SPECIFIC.contains(e.getKey()) ? "<pid,...>" : quoted(e.getValue())));
        arguments.forEach(a -> line.append(' ').append(quoted(a)));
        return line.toString();
    }

    private static String quoted(String value) {
        return value.matches("[\\w./:,=@+-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
