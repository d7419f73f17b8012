package io.streamguard.engine.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import io.streamguard.engine.scan.ScanProgram;

/** Validates every rule of a set and compiles the set once into a {@link CompiledRuleSet}. */
public final class RuleSetCompiler {

	private RuleSetCompiler() {
	}

	/** @throws InvalidRuleException for the first invalid rule, naming all of its problems */
	public static CompiledRuleSet compile(long version, List<RuleSpec> rules) throws InvalidRuleException {
		Set<String> ids = new HashSet<>();
		List<PortableRegex> regexes = new ArrayList<>();
		for (RuleSpec rule : rules) {
			List<String> problems = new ArrayList<>(RuleValidator.problems(rule));
			if (!ids.add(rule.id())) {
				problems.add("the rule id '" + rule.id() + "' is used twice in the set: give each rule its own id");
			}
			if (!problems.isEmpty()) {
				throw new InvalidRuleException(rule.id(), problems);
			}
			PortableRegex compiled = null;
			if (rule.kind() == RuleKind.REGEX
					&& PortableRegex.compile(rule.pattern(), rule.flags()) instanceof PortableRegex.Compiled c) {
				compiled = c.regex();
			}
			regexes.add(compiled);
		}
		return new CompiledRuleSet(version, rules, ScanProgram.build(rules, regexes));
	}
}
