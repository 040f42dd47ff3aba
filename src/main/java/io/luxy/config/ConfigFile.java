package io.luxy.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole parsed configuration (one or more files, in the order given): the abstract syntax tree
 * that every other view of the configuration (SmallRye properties, the runtime model) derives from.
 */
public record ConfigFile(List<Path> sources, List<Section> sections) {

    public ConfigFile {
        sources = List.copyOf(sources);
        sections = List.copyOf(sections);
    }

    /** All global directives of all global sections, in order. */
    public List<Directive> global() {
        List<Directive> out = new ArrayList<>();
        for (Section s : sections) {
            if (s.kind() == SectionKind.GLOBAL) {
                out.addAll(s.directives());
            }
        }
        return out;
    }

    /** The frontend, backend and listen sections, in file order. */
    public List<Section> proxies() {
        return sections.stream().filter(s -> s.kind().isProxy()).toList();
    }

    /** The proxy section with this name that can act as a backend (backend or listen). */
    public Optional<Section> backend(String name) {
        return sections.stream().filter(s -> s.kind().hasBackend() && s.name().equals(name)).findFirst();
    }
}
