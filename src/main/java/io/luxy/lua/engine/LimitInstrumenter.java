package io.luxy.lua.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Rewrites a class built by LuaJ's luajc so that it obeys {@code tune.lua.*} and reports errors
 * as the interpreter does:
 * <ul>
 * <li>every Lua method ({@code call}, {@code invoke}, {@code onInvoke}) ticks the state's
 * {@link LimitTicks} on entry and before every backward jump, so loops, {@code goto} loops and
 * recursion reach the limit checks that interpreted code reaches through {@link InstructionHook};</li>
 * <li>the {@code ..} operator ({@code LuaValue.concat}) goes through {@link CompiledLua#concat},
 * which reserves the size of the string it builds ({@code tune.lua.maxmem}) first;</li>
 * <li>each Lua line's bytecode gets an exception handler that passes the line to
 * {@link CompiledLua#located}, which sets the {@code "file:line"} position that LuaJ's
 * interpreter sets in {@code LuaClosure.processErrorHooks} (luajc sets none).</li>
 * </ul>
 * Two public static fields are added, {@value #TICKS_FIELD} and {@value #SOURCE_FIELD}, set by
 * {@link LuaCompiler} before the class runs. luajc (BCEL 5.2) writes class version 45, which
 * needs no stack map frames, so inserted code only needs new max stack sizes.
 */
final class LimitInstrumenter {

    /** Static field holding the state's {@link LimitTicks}. */
    static final String TICKS_FIELD = "LUXY$TICKS";
    /** Static field holding the chunk name used in error positions. */
    static final String SOURCE_FIELD = "LUXY$SOURCE";

    private static final String TICKS = "io/luxy/lua/engine/LimitTicks";
    private static final String TICKS_DESC = "L" + TICKS + ";";
    private static final String SUPPORT = "io/luxy/lua/engine/CompiledLua";
    private static final String LOCATED_DESC = "(Ljava/lang/RuntimeException;ILjava/lang/String;" + TICKS_DESC + ")Lorg/luaj/vm2/LuaError;";
    private static final Set<String> LUA_METHODS = Set.of("call", "invoke", "onInvoke");
    private static final String LUAVALUE = "org/luaj/vm2/LuaValue";
    private static final String VALUE_DESC = "L" + LUAVALUE + ";";
    private static final String BUFFER_DESC = "Lorg/luaj/vm2/Buffer;";
    /** luajc's concatenations: {@code LuaValue.concat(LuaValue)} and {@code LuaValue.concat(Buffer)}. */
    private static final Set<String> CONCAT_DESCS = Set.of("(" + VALUE_DESC + ")" + VALUE_DESC, "(" + BUFFER_DESC + ")" + BUFFER_DESC);

    private LimitInstrumenter() {
    }

    /**
     * The instrumented class file. Throws {@link IllegalStateException} for a class version that
     * would need stack map frames (not what luajc writes), and ASM's exceptions when a method
     * grows over 64 KB; the caller then runs the chunk interpreted.
     */
    static byte[] instrument(byte[] classFile) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, 0);
        if ((cn.version & 0xFFFF) >= Opcodes.V1_6) {
            throw new IllegalStateException("luajc class version " + cn.version + " needs frames");
        }
        cn.fields.add(new FieldNode(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, TICKS_FIELD, TICKS_DESC, null, null));
        cn.fields.add(new FieldNode(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, SOURCE_FIELD, "Ljava/lang/String;", null, null));
        for (MethodNode m : cn.methods) {
            if (LUA_METHODS.contains(m.name) && m.instructions.size() > 0) {
                addTicks(cn.name, m);
                reserveConcats(cn.name, m);
                addErrorPositions(cn.name, m);
            }
        }
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cn.accept(cw);
        return cw.toByteArray();
    }

    private static void addTicks(String owner, MethodNode m) {
        InsnList code = m.instructions;
        Set<LabelNode> seen = new HashSet<>();
        for (AbstractInsnNode n = code.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof LabelNode l) {
                seen.add(l);
            } else if (n instanceof JumpInsnNode j && seen.contains(j.label)
                    || n instanceof TableSwitchInsnNode t && (seen.contains(t.dflt) || t.labels.stream().anyMatch(seen::contains))
                    || n instanceof LookupSwitchInsnNode s && (seen.contains(s.dflt) || s.labels.stream().anyMatch(seen::contains))) {
                code.insertBefore(n, tick(owner));
            }
        }
        code.insert(tick(owner));
    }

    /** {@code a.concat(b)} becomes {@code CompiledLua.concat(a, b, TICKS)}. */
    private static void reserveConcats(String owner, MethodNode m) {
        for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKEVIRTUAL && call.owner.equals(LUAVALUE)
                    && call.name.equals("concat") && CONCAT_DESCS.contains(call.desc)) {
                m.instructions.insertBefore(call, new FieldInsnNode(Opcodes.GETSTATIC, owner, TICKS_FIELD, TICKS_DESC));
                MethodInsnNode reserving = new MethodInsnNode(Opcodes.INVOKESTATIC, SUPPORT, "concat",
                        "(" + VALUE_DESC + call.desc.substring(1, call.desc.indexOf(')')) + TICKS_DESC + ")"
                                + call.desc.substring(call.desc.indexOf(')') + 1), false);
                m.instructions.set(call, reserving);
                n = reserving;
            }
        }
    }

    private static InsnList tick(String owner) {
        InsnList l = new InsnList();
        l.add(new FieldInsnNode(Opcodes.GETSTATIC, owner, TICKS_FIELD, TICKS_DESC));
        l.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, TICKS, "tick", "()V", false));
        return l;
    }

    /** One handler per Lua line: push the line, then {@code throw CompiledLua.located(e, line, source, ticks)}. */
    private static void addErrorPositions(String owner, MethodNode m) {
        InsnList code = m.instructions;
        List<Range> ranges = new ArrayList<>();
        LabelNode start = new LabelNode();
        code.insert(start);
        int line = firstLine(code);
        boolean hasCode = false;
        for (AbstractInsnNode n = start.getNext(); n != null; n = n.getNext()) {
            if (n instanceof LineNumberNode ln && code.indexOf(ln.start) > code.indexOf(start)) {
                if (hasCode) {
                    ranges.add(new Range(start, ln.start, line));
                }
                start = ln.start;
                line = ln.line;
                hasCode = false;
            } else if (n.getOpcode() >= 0) {
                hasCode = true;
            }
        }
        LabelNode end = new LabelNode();
        code.add(end);
        if (hasCode) {
            ranges.add(new Range(start, end, line));
        }
        LabelNode common = new LabelNode();
        for (Range r : ranges) {
            LabelNode handler = new LabelNode();
            code.add(handler);
            code.add(new LdcInsnNode(r.line));
            code.add(new JumpInsnNode(Opcodes.GOTO, common));
            m.tryCatchBlocks.add(new TryCatchBlockNode(r.start, r.end, handler, "java/lang/RuntimeException"));
        }
        code.add(common);
        code.add(new FieldInsnNode(Opcodes.GETSTATIC, owner, SOURCE_FIELD, "Ljava/lang/String;"));
        code.add(new FieldInsnNode(Opcodes.GETSTATIC, owner, TICKS_FIELD, TICKS_DESC));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, SUPPORT, "located", LOCATED_DESC, false));
        code.add(new InsnNode(Opcodes.ATHROW));
    }

    private static int firstLine(InsnList code) {
        for (AbstractInsnNode n = code.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    private record Range(LabelNode start, LabelNode end, int line) {
    }
}
