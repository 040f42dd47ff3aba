package io.luxy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads haproxy.cfg files into a {@link ConfigFile} as HAProxy 2.6's {@code readcfgfile()}
 * (src/cfgparse.c) does: lines are split by {@link LineTokenizer}, section keywords open
 * sections, every other keyword goes to the {@link KeywordRegistry} of the current section, and
 * every problem becomes a {@link Diagnostic} with {@code file:line}. A directory stands for its
 * {@code *.cfg} files in lexical order (HAProxy {@code -f DIR}).
 */
public final class CfgParser {

    private final KeywordRegistry registry;
    private final Diagnostics diag;
    private final Function<String, String> env;

    private final List<Section> sections = new ArrayList<>();
    private final Map<String, Section> frontendNames = new HashMap<>();
    private final Map<String, Section> backendNames = new HashMap<>();
    private final Map<String, Section> namedDefaults = new HashMap<>();
    private final Map<String, Section> userlistNames = new HashMap<>();
    private Section lastDefaults;
    private Open current;

    /** A section being read: the header and the directives collected so far. */
    private record Open(SectionKind kind, String name, Location location, List<Directive> directives, Section defaults) {
        Section snapshot() {
            return new Section(kind, name, location, directives, defaults);
        }
    }

    /** A parser that reports into {@code diag} and expands {@code "${VAR}"} with {@code env} (e.g. {@code System::getenv}). */
    public CfgParser(KeywordRegistry registry, Diagnostics diag, Function<String, String> env) {
        this.registry = registry;
        this.diag = diag;
        this.env = env;
    }

    /** Parses files and directories in order; a missing file yields HAProxy's "Could not open configuration file" alert. */
    public ConfigFile parse(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            files.addAll(expand(p, diag));
        }
        for (Path file : files) {
            if (diag.aborted()) {
                break;
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                diag.alert(null, Diagnostic.Style.NONE, "Could not open configuration file " + file + " : No such file or directory");
                continue;
            }
            parseText(file.toString(), text);
        }
        closeSection();
        return new ConfigFile(files, sections);
    }

    /** Parses one file's contents under the display name {@code fileName}; call {@link #finish} after the last one. */
    public void parseText(String fileName, String text) {
        closeSection(); // readcfgfile() starts every file out of any section
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count && !diag.aborted(); i++) {
            parseLine(fileName, i + 1, lines[i]);
        }
    }

    /** Ends the last section and returns the AST of everything parsed by {@link #parseText}. */
    public ConfigFile finish(List<Path> sources) {
        closeSection();
        return new ConfigFile(sources, sections);
    }

    /** HAProxy's -f expansion: a directory gives its regular {@code *.cfg} files, sorted by name. */
    static List<Path> expand(Path p, Diagnostics diag) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> list = Files.list(p)) {
            return list.filter(f -> f.getFileName().toString().endsWith(".cfg") && Files.isRegularFile(f))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            diag.alert(null, Diagnostic.Style.NONE, "Cannot open configuration directory " + p + " : " + e.getMessage());
            return List.of();
        }
    }

    private void parseLine(String file, int lineNo, String raw) {
        int skip = 0;
        while (skip < raw.length() && LineTokenizer.isSpace(raw.charAt(skip))) {
            skip++;
        }
        String line = raw.substring(skip);
        if (line.isEmpty() || line.charAt(0) == '#') {
            return;
        }
        Location loc = new Location(file, lineNo);
        LineTokenizer.Result r = LineTokenizer.split(line, name -> variable(name, loc));
        if (r.error() != null) {
            String shown = sanitize(line);
            diag.alert(loc, Diagnostic.Style.PARSING_TIGHT, r.error().text + " at position " + (r.errorPos() + skip + 1) + ":\n  "
                    + shown + "\n  " + " ".repeat(r.errorPos()) + "^");
            return;
        }
        List<String> words = r.words();
        if (words.isEmpty()) {
            return;
        }
        Directive d = new Directive(words.get(0), words.subList(1, words.size()), loc);
        SectionKind kind = sectionKind(d.keyword());
        if (kind != null) {
            openSection(kind, d);
        } else if (current == null) {
            diag.alert(loc, Diagnostic.Style.PARSING_TIGHT, "unknown keyword '" + d.keyword() + "' out of section.");
        } else {
            var parser = registry.lookup(current.kind(), d.keyword());
            if (parser.isEmpty() && current.kind() == SectionKind.USERLIST) {
                // cfg_parse_users() names its section 'users' and suggests nothing
                diag.alert(loc, Diagnostic.Style.PARSING_TIGHT, "unknown keyword '" + d.keyword() + "' in 'users' section");
                return;
            }
            if (parser.isEmpty()) {
                String best = registry.bestMatch(current.kind(), d.keyword());
                diag.alert(loc, "unknown keyword '" + d.keyword() + "' in '" + current.kind().keyword() + "' section"
                        + (best == null ? "" : "; did you mean '" + best + "' maybe ?"));
                return;
            }
            parser.get().check(d, current.snapshot(), diag);
            current.directives().add(d);
        }
    }

    private String variable(String name, Location loc) {
        return switch (name) {
            case ".LINE" -> Integer.toString(loc.line());
            case ".FILE" -> loc.file();
            case ".SECTION" -> current == null ? "" : current.kind().keyword();
            default -> name.startsWith(".") ? null : env.apply(name);
        };
    }

    private static SectionKind sectionKind(String keyword) {
        for (SectionKind k : SectionKind.values()) {
            if (k.keyword().equals(keyword)) {
                return k;
            }
        }
        return null;
    }

    private void openSection(SectionKind kind, Directive d) {
        closeSection();
        Location loc = d.location();
        List<String> args = d.args();
        if (kind == SectionKind.GLOBAL) {
            if (!args.isEmpty()) {
                diag.alert(loc, "'global' cannot handle unexpected argument '" + args.get(0) + "'.");
            }
            current = new Open(kind, "", loc, new ArrayList<>(), null);
            return;
        }
        if (kind == SectionKind.USERLIST) {
            openUserlist(d);
            return;
        }
        String name = args.isEmpty() ? "" : args.get(0);
        int fromAt = 1;
        if (kind == SectionKind.DEFAULTS && "from".equals(name) && args.size() == 2) {
            name = "";
            fromAt = 0;
        }
        if (kind.isProxy()) {
            if (name.isEmpty()) {
                diag.alert(loc, "'" + kind.keyword() + "' expects an <id> argument");
                current = new Open(kind, "", loc, new ArrayList<>(), lastDefaults);
                return;
            }
            checkName(kind, name, loc);
            if (args.size() > 1 && (args.size() == 2 || !"from".equals(args.get(1)))) {
                if (kind.hasFrontend()) {
                    diag.alert(loc, "please use the 'bind' keyword for listening addresses.");
                }
            } else if (args.size() > 3) {
                diag.alert(loc, "'" + kind.keyword() + "' cannot handle unexpected argument '" + args.get(3) + "'.");
            }
        }
        Section defaults = kind == SectionKind.DEFAULTS ? null : lastDefaults;
        if (args.size() > fromAt + 1 && "from".equals(args.get(fromAt))) {
            String ref = args.get(fromAt + 1);
            defaults = namedDefaults.get(ref);
            if (defaults == null) {
                diag.alert(loc, "defaults section '" + ref + "' not found for " + kind.keyword() + " '" + name + "'.");
            }
        }
        current = new Open(kind, name, loc, new ArrayList<>(), defaults);
    }

    /**
     * {@code userlist NAME} as cfg_parse_users() checks it: a name is required, one argument only,
     * HAProxy's name characters; a second {@code userlist} of the same name is ignored with a
     * warning (its lines then go to the userlist declared last, which the model resolves).
     */
    private void openUserlist(Directive d) {
        Location loc = d.location();
        List<String> args = d.args();
        String name = args.isEmpty() ? "" : args.get(0);
        current = new Open(SectionKind.USERLIST, name, loc, new ArrayList<>(), null);
        if (name.isEmpty()) {
            diag.alert(loc, Diagnostic.Style.PARSING_TIGHT, "'userlist' expects <name> as arguments.");
            return;
        }
        if (args.size() > 1) {
            diag.alert(loc, "'userlist' cannot handle unexpected argument '" + args.get(1) + "'.");
            return;
        }
        for (char c : name.toCharArray()) {
            if (!validNameChar(c)) {
                diag.alert(loc, Diagnostic.Style.PARSING_TIGHT, "character '" + c + "' is not permitted in 'userlist' name '" + name + "'.");
                return;
            }
        }
        if (userlistNames.containsKey(name)) {
            diag.warning(loc, Diagnostic.Style.PARSING_TIGHT, "ignoring duplicated userlist '" + name + "'.");
        } else {
            userlistNames.put(name, current.snapshot());
        }
    }

    /** HAProxy's invalid_char(): letters, digits, '.', '_', '-' and ':' are allowed in names. */
    public static boolean validNameChar(char c) {
        return (Character.isLetterOrDigit(c) && c < 128) || c == '.' || c == '_' || c == '-' || c == ':';
    }

    private void checkName(SectionKind kind, String name, Location loc) {
        for (char c : name.toCharArray()) {
            if (!validNameChar(c)) {
                diag.alert(loc, "character '" + c + "' is not permitted in '" + kind.keyword() + "' name '" + name + "'.");
                break;
            }
        }
        List<Map<String, Section>> spaces = new ArrayList<>();
        if (kind.hasFrontend()) {
            spaces.add(frontendNames);
        }
        if (kind.hasBackend()) {
            spaces.add(backendNames);
        }
        for (Map<String, Section> space : spaces) {
            Section other = space.get(name);
            if (other != null) {
                diag.alert(loc, Diagnostic.Style.PARSING_CAPITAL, typeName(kind) + " '" + name + "' has the same name as "
                        + typeName(other.kind()) + " '" + name + "' declared at " + other.location() + ".");
                return;
            }
        }
    }

    /** HAProxy's proxy_type_str(): a listen section is a "proxy". */
    public static String typeName(SectionKind kind) {
        return kind == SectionKind.LISTEN ? "proxy" : kind.keyword();
    }

    private void closeSection() {
        if (current == null) {
            return;
        }
        Section s = current.snapshot();
        sections.add(s);
        if (s.kind() == SectionKind.DEFAULTS) {
            lastDefaults = s;
            if (!s.name().isEmpty()) {
                namedDefaults.put(s.name(), s);
            }
        }
        if (s.kind().hasFrontend() && !s.name().isEmpty()) {
            frontendNames.putIfAbsent(s.name(), s);
        }
        if (s.kind().hasBackend() && !s.name().isEmpty()) {
            backendNames.putIfAbsent(s.name(), s);
        }
        current = null;
    }

    /** sanitize_for_printing(): blanks become spaces, other non-printable characters '?'. */
    private static String sanitize(String line) {
        StringBuilder sb = new StringBuilder();
        for (char c : line.toCharArray()) {
            sb.append(LineTokenizer.isSpace(c) ? ' ' : (c < 32 || c > 126) ? '?' : c);
        }
        return sb.toString();
    }
}
