package io.streamguard.engine.scan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.keyword.WordBoundary;
import io.streamguard.engine.regex.CharSet;
import io.streamguard.engine.regex.Prefilter;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, shared part of a compiled rule set: one literal automaton for every keyword, every regex
 * prefilter literal and every secret near-keyword, one automaton per regex rule, and the list of
 * detectors. Built once per rule-set version by the compiler; {@link StreamScan} holds the per-stream part.
 */
final class ScanProgram {

	static final int KEYWORD = 0;

	static final int LITERAL = 1;

	static final int NEAR = 2;

	final List<RuleSpec> rules;

	final KeywordAutomaton literals;

	/** Per automaton state: bit 0 has work on reaching it, bit 1 has work once the next char is known. */
	final byte[] work;

	final int[] entryKind;

	/** Rule index for keywords, regex slot for literals, detector slot for near keywords. */
	final int[] entryTarget;

	final int[] entryLength;

	final String[] entryExact;

	final boolean[] entryWholeWord;

	final boolean[] entryLookahead;

	final int[] regexRule;

	final PortableRegex[] regex;

	/** Prefilter window per regex slot, -1 if the regex has no prefilter. */
	final int[] regexWindow;

	/** Per regex slot with a prefilter, the index of its lead in {@link #leads} (regexes share equal leads). */
	final int[] regexLead;

	final CharSet[] leads;

	/** Per lead, its ASCII members: most text is ASCII, and this is asked for every char. */
	private final boolean[][] leadAscii;

	/** Per lead, the regex slots whose prefilter has it, and the largest of their windows. */
	final int[][] leadRegexes;

	final int[] leadWindow;

	final int[] detectorRule;

	final RuleKind[] detectorKind;

	private ScanProgram(List<RuleSpec> rules, KeywordAutomaton literals, byte[] work, int[] entryKind,
			int[] entryTarget, int[] entryLength, String[] entryExact, boolean[] entryWholeWord,
			boolean[] entryLookahead, int[] regexRule, PortableRegex[] regex, int[] regexWindow, int[] detectorRule,
			RuleKind[] detectorKind) {
		this.rules = rules;
		this.literals = literals;
		this.work = work;
		this.entryKind = entryKind;
		this.entryTarget = entryTarget;
		this.entryLength = entryLength;
		this.entryExact = entryExact;
		this.entryWholeWord = entryWholeWord;
		this.entryLookahead = entryLookahead;
		this.regexRule = regexRule;
		this.regex = regex;
		this.regexWindow = regexWindow;
		List<CharSet> distinct = new ArrayList<>();
		this.regexLead = new int[regex.length];
		for (int r = 0; r < regex.length; r++) {
			Prefilter prefilter = regex[r].prefilter();
			if (prefilter != null) {
				int id = distinct.indexOf(prefilter.lead());
				if (id < 0) {
					id = distinct.size();
					distinct.add(prefilter.lead());
				}
				regexLead[r] = id;
			}
		}
		this.leads = distinct.toArray(CharSet[]::new);
		this.leadAscii = new boolean[leads.length][128];
		for (int l = 0; l < leads.length; l++) {
			for (char c = 0; c < 128; c++) {
				leadAscii[l][c] = leads[l].contains(c);
			}
		}
		this.leadRegexes = new int[leads.length][];
		this.leadWindow = new int[leads.length];
		for (int l = 0; l < leads.length; l++) {
			List<Integer> slots = new ArrayList<>();
			for (int r = 0; r < regex.length; r++) {
				if (regexWindow[r] >= 0 && regexLead[r] == l) {
					slots.add(r);
					leadWindow[l] = Math.max(leadWindow[l], regexWindow[r]);
				}
			}
			leadRegexes[l] = ints(slots);
		}
		this.detectorRule = detectorRule;
		this.detectorKind = detectorKind;
	}

	/**
	 * Builds the program; {@code regexes.get(i)} is the compiled pattern of rule {@code i} when that rule
	 * is a regex, and ignored otherwise. The rules must be valid.
	 */
	static ScanProgram build(List<RuleSpec> rules, List<PortableRegex> regexes) {
		return Objects.requireNonNull(build(rules, regexes, false).program);
	}

	/**
	 * The size of the one literal automaton these rules need (their keywords, their regexes' prefilter
	 * literals and their secret near keywords), measured without building its tables.
	 */
	static KeywordAutomaton.Size literalAutomatonSize(List<RuleSpec> rules, List<PortableRegex> regexes) {
		return Objects.requireNonNull(build(rules, regexes, true).size);
	}

	private record Built(@Nullable ScanProgram program, KeywordAutomaton.@Nullable Size size) {
	}

	private static Built build(List<RuleSpec> rules, List<PortableRegex> regexes, boolean measureOnly) {
		List<String> entries = new ArrayList<>();
		List<Integer> kind = new ArrayList<>();
		List<Integer> target = new ArrayList<>();
		List<String> exact = new ArrayList<>();
		List<Boolean> wholeWord = new ArrayList<>();
		List<Boolean> lookahead = new ArrayList<>();
		List<Integer> regexRule = new ArrayList<>();
		List<PortableRegex> regexList = new ArrayList<>();
		List<Integer> regexWindow = new ArrayList<>();
		List<Integer> detectorRule = new ArrayList<>();
		List<RuleKind> detectorKind = new ArrayList<>();
		for (int r = 0; r < rules.size(); r++) {
			RuleSpec rule = rules.get(r);
			switch (rule.kind()) {
				case KEYWORD -> {
					Set<String> distinct = new LinkedHashSet<>();
					for (String keyword : rule.keywords()) {
						distinct.add(rule.caseSensitive() ? keyword : KeywordAutomaton.fold(keyword));
					}
					for (String keyword : distinct) {
						entries.add(keyword);
						kind.add(KEYWORD);
						target.add(r);
						exact.add(rule.caseSensitive() ? keyword : null);
						wholeWord.add(rule.wholeWord());
						lookahead.add(rule.wholeWord() && WordBoundary.endNeedsLookahead(keyword));
					}
				}
				case REGEX -> {
					PortableRegex regex = regexes.get(r);
					int slot = regexRule.size();
					regexRule.add(r);
					regexList.add(regex);
					Prefilter prefilter = regex.prefilter();
					regexWindow.add(prefilter == null ? -1 : prefilter.window());
					if (prefilter != null) {
						for (String literal : prefilter.literals()) {
							entries.add(literal);
							kind.add(LITERAL);
							target.add(slot);
							exact.add(null);
							wholeWord.add(false);
							lookahead.add(false);
						}
					}
				}
				case CREDIT_CARD, IBAN, SECRET -> {
					int slot = detectorRule.size();
					detectorRule.add(r);
					detectorKind.add(rule.kind());
					if (rule.kind() == RuleKind.SECRET) {
						for (String keyword : new LinkedHashSet<>(
								rule.secretKeywords().stream().map(KeywordAutomaton::fold).toList())) {
							entries.add(keyword);
							kind.add(NEAR);
							target.add(slot);
							exact.add(null);
							wholeWord.add(false);
							lookahead.add(false);
						}
					}
				}
			}
		}
		if (measureOnly) {
			return new Built(null, KeywordAutomaton.measure(entries));
		}
		boolean[] held = new boolean[entries.size()];
		for (int e = 0; e < held.length; e++) {
			// a partial keyword holds text back; partial literals and near words do not (their regexes and
			// detectors say what they hold back)
			held[e] = kind.get(e) == KEYWORD;
		}
		KeywordAutomaton automaton = KeywordAutomaton.build(entries, held);
		int n = entries.size();
		int[] entryLength = new int[n];
		for (int e = 0; e < n; e++) {
			entryLength[e] = automaton.entryLength(e);
		}
		byte[] work = new byte[automaton.stateCount()];
		for (int s = 0; s < work.length; s++) {
			for (int i = automaton.outputsFrom(s); i < automaton.outputsTo(s); i++) {
				int e = automaton.output(i);
				work[s] |= (byte) (lookahead.get(e) ? 2 : 1);
			}
		}
		return new Built(new ScanProgram(List.copyOf(rules), automaton, work, ints(kind), ints(target), entryLength,
				exact.toArray(String[]::new), bools(wholeWord), bools(lookahead), ints(regexRule),
				regexList.toArray(PortableRegex[]::new), ints(regexWindow), ints(detectorRule),
				detectorKind.toArray(RuleKind[]::new)), null);
	}

	boolean inLead(int lead, char c) {
		return c < 128 ? leadAscii[lead][c] : leads[lead].contains(c);
	}

	private static int[] ints(List<Integer> list) {
		return list.stream().mapToInt(Integer::intValue).toArray();
	}

	private static boolean[] bools(List<Boolean> list) {
		boolean[] out = new boolean[list.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = list.get(i);
		}
		return out;
	}

	List<RuleSpec> rules() {
		return rules;
	}

	int literalStates() {
		return literals.stateCount();
	}

	KeywordAutomaton literalAutomaton() {
		return literals;
	}

	/** Bytes of the literal automaton's tables. */
	long literalBytes() {
		return literals.tableBytes();
	}

	int regexCount() {
		return regexRule.length;
	}

	int prefilteredRegexCount() {
		int n = 0;
		for (int w : regexWindow) {
			if (w >= 0) {
				n++;
			}
		}
		return n;
	}
}
