package io.luxy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Renders k8s/base and every overlay with {@code kubectl kustomize} (offline), reads each object
 * into the fabric8 Kubernetes model (types checked, no unknown fields), and checks what
 * Luxy depends on: probes on the management port's real endpoints, container ports equal to the
 * binds of the haproxy.cfg in the ConfigMap, ConfigMaps mounted as folders (no subPath),
 * non-root with a read-only root filesystem and /tmp writable, resources, Service and PDB
 * selecting the pods.
 */
class ManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern BIND = Pattern.compile("(?m)^\\s*bind\\s+(\\S+)");
    private static final Pattern LUA_LOAD = Pattern.compile("(?m)^\\s*lua-load(?:-per-thread)?\\s+(\\S+)");

    record Rendered(Deployment deployment, Service service, PodDisruptionBudget pdb, Map<String, ConfigMap> configMaps) {
    }

    static Rendered render(String dir) throws Exception {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + ": " + err);
        Deployment d = null;
        Service s = null;
        PodDisruptionBudget pdb = null;
        Map<String, ConfigMap> cms = new java.util.TreeMap<>();
        for (String doc : out.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            String kind = YAML.readTree(doc).path("kind").asText();
            switch (kind) {
                case "Deployment" -> d = YAML.readValue(doc, Deployment.class);
                case "Service" -> s = YAML.readValue(doc, Service.class);
                case "PodDisruptionBudget" -> pdb = YAML.readValue(doc, PodDisruptionBudget.class);
                case "ConfigMap" -> {
                    ConfigMap cm = YAML.readValue(doc, ConfigMap.class);
                    cms.put(cm.getMetadata().getName(), cm);
                }
                default -> throw new AssertionError("unexpected kind " + kind + " in " + dir);
            }
        }
        assertNotNull(d, "Deployment");
        assertNotNull(s, "Service");
        assertNotNull(pdb, "PodDisruptionBudget");
        return new Rendered(d, s, pdb, cms);
    }

    private static int managementPort() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("quarkus.management.port"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/ingress", "k8s/overlays/sidecar"})
    void rendered_objectsAreValidAndMatchTheConfig(String dir) throws Exception {
        Rendered r = render(dir);
        var pod = r.deployment().getSpec().getTemplate().getSpec();
        Container luxy = pod.getContainers().stream().filter(c -> c.getName().equals("luxy")).findFirst().orElseThrow();
        // the model keeps unknown fields aside instead of failing: a misspelt field lands here
        assertEquals(Map.of(), pod.getAdditionalProperties(), "unknown pod spec fields");
        pod.getContainers().forEach(c -> assertEquals(Map.of(), c.getAdditionalProperties(), "unknown fields in " + c.getName()));
        assertEquals(Map.of(), r.deployment().getSpec().getAdditionalProperties(), "unknown Deployment spec fields");

        // probes: the management port's real endpoints
        int management = managementPort();
        ContainerPort mgmt = luxy.getPorts().stream().filter(p -> "management".equals(p.getName())).findFirst().orElseThrow();
        assertEquals(management, mgmt.getContainerPort());
        checkProbe(luxy.getStartupProbe(), "/q/health/started", mgmt);
        checkProbe(luxy.getReadinessProbe(), "/q/health/ready", mgmt);
        checkProbe(luxy.getLivenessProbe(), "/q/health/live", mgmt);
        assertTrue(luxy.getEnv().stream().anyMatch(e -> e.getName().equals("QUARKUS_MANAGEMENT_HOST") && e.getValue().equals("0.0.0.0")),
                "management must listen on the pod IP for the kubelet");

        // resources and security
        assertFalse(luxy.getResources().getRequests().isEmpty(), "requests");
        assertFalse(luxy.getResources().getLimits().isEmpty(), "limits");
        assertTrue(luxy.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(Boolean.TRUE.equals(luxy.getSecurityContext().getRunAsNonRoot())
                || Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()));
        assertEquals(Boolean.FALSE, luxy.getSecurityContext().getAllowPrivilegeEscalation());

        // ConfigMaps as folders, /tmp writable
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        for (VolumeMount m : luxy.getVolumeMounts()) {
            assertNull(m.getSubPath(), "subPath mounts never see ConfigMap updates: " + m.getName());
        }
        assertTrue(luxy.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")
                && volumes.get(m.getName()).getEmptyDir() != null), "/tmp emptyDir");
        String cfgDir = mountOf(luxy, volumes, "luxy-config");
        String luaDir = mountOf(luxy, volumes, "luxy-lua");

        // the config the pod runs: args -f, binds = container ports, lua-load files in the lua ConfigMap
        String cfgPath = cfgDir + "/haproxy.cfg";
        assertEquals(List.of("-f", cfgPath), luxy.getArgs());
        String cfg = r.configMaps().get("luxy-config").getData().get("haproxy.cfg");
        assertNotNull(cfg, "haproxy.cfg in luxy-config");
        Set<Integer> exposedBinds = new TreeSet<>();
        Matcher b = BIND.matcher(cfg);
        while (b.find()) {
            String addr = b.group(1);
            if (!addr.startsWith("127.0.0.1:") && !addr.startsWith("localhost:")) {
                exposedBinds.add(Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)));
            }
        }
        Set<Integer> containerPorts = luxy.getPorts().stream().map(ContainerPort::getContainerPort)
                .filter(p -> p != management).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(exposedBinds, containerPorts, "container ports vs binds of haproxy.cfg");
        Matcher l = LUA_LOAD.matcher(cfg);
        while (l.find()) {
            String script = l.group(1);
            assertTrue(script.startsWith(luaDir + "/"), script + " is not under the luxy-lua mount " + luaDir);
            assertTrue(r.configMaps().get("luxy-lua").getData().containsKey(script.substring(luaDir.length() + 1)), script);
        }

        // Service targets named container ports of the pod; Service and PDB select the pod
        Set<String> portNames = new TreeSet<>();
        pod.getContainers().forEach(c -> c.getPorts().forEach(p -> portNames.add(p.getName())));
        r.service().getSpec().getPorts().forEach(p -> assertTrue(portNames.contains(p.getTargetPort().getStrVal()),
                "Service targetPort " + p.getTargetPort()));
        Map<String, String> labels = r.deployment().getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(labels.entrySet().containsAll(r.service().getSpec().getSelector().entrySet()));
        assertTrue(labels.entrySet().containsAll(r.pdb().getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(labels.entrySet().containsAll(r.deployment().getSpec().getSelector().getMatchLabels().entrySet()));
        assertFalse(r.service().getSpec().getSelector().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/sidecar"})
    void sidecar_proxiesToTheAppContainerOnLocalhost(String dir) throws Exception {
        Rendered r = render(dir);
        var pod = r.deployment().getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().stream().filter(c -> c.getName().equals("app")).findFirst().orElseThrow();
        String cfg = r.configMaps().get("luxy-config").getData().get("haproxy.cfg");
        List<Integer> servers = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*server\\s+\\S+\\s+127\\.0\\.0\\.1:(\\d+)").matcher(cfg);
        while (m.find()) {
            servers.add(Integer.parseInt(m.group(1)));
        }
        assertFalse(servers.isEmpty(), "the sidecar cfg proxies to localhost");
        Set<Integer> appPorts = app.getPorts().stream().map(ContainerPort::getContainerPort).collect(Collectors.toSet());
        assertTrue(appPorts.containsAll(servers), "servers " + servers + " vs app ports " + appPorts);
    }

    private static void checkProbe(Probe p, String path, ContainerPort management) {
        assertNotNull(p, path);
        assertEquals(Map.of(), p.getAdditionalProperties(), "unknown fields in the " + path + " probe");
        assertEquals(path, p.getHttpGet().getPath());
        var port = p.getHttpGet().getPort();
        assertTrue(management.getName().equals(port.getStrVal()) || management.getContainerPort().equals(port.getIntVal()),
                path + " probe on port " + port);
    }

    private static String mountOf(Container c, Map<String, Volume> volumes, String configMap) {
        return c.getVolumeMounts().stream()
                .filter(m -> volumes.get(m.getName()).getConfigMap() != null
                        && configMap.equals(volumes.get(m.getName()).getConfigMap().getName()))
                .map(VolumeMount::getMountPath).findFirst()
                .orElseThrow(() -> new AssertionError("ConfigMap " + configMap + " is not mounted"));
    }
}
