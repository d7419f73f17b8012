package io.streamguard.engine.compile;

import java.util.List;

import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.EngineLimits;
import io.streamguard.engine.scan.ScanProgram;
import io.streamguard.engine.scan.StreamScan;
import io.streamguard.engine.scan.Violation;

/**
 * A rule-set version compiled once: immutable and shared by every stream started with it, on any thread.
 * A full check is a new stream fed the whole text in one update and finished, so the streamed verdict and
 * the full verdict agree by construction.
 */
public final class CompiledRuleSet {

	private final long version;

	private final List<RuleSpec> rules;

	private final ScanProgram program;

	CompiledRuleSet(long version, List<RuleSpec> rules, ScanProgram program) {
		this.version = version;
		this.rules = List.copyOf(rules);
		this.program = program;
	}

	public long version() {
		return version;
	}

	public List<RuleSpec> rules() {
		return rules;
	}

	/** The compiled matchers; the scan package's business, public only because packages cannot be friends. */
	public ScanProgram program() {
		return program;
	}

	public StreamScan newScan() {
		return StreamScan.start(this);
	}

	/**
	 * All violations of a complete text, sorted by start, then rule id.
	 *
	 * @throws io.streamguard.engine.scan.ScanBudgetExceededException if checking it needs more than one call's
	 *         work budget ({@link EngineLimits#workPerScan()})
	 */
	public List<Violation> check(String text) {
		StreamScan scan = newScan();
		scan.finish(this, text, EngineLimits.current().workPerScan());
		return scan.violations();
	}
}
