// Tokens -> concrete syntax tree. Chevrotain CstParser with error recovery on; rules are typed class fields.
// The CST keeps every token, so the formatter and the AST builder both start from it.
import { CstParser, type CstNode, type IParserErrorMessageProvider, type TokenType, type IToken } from "chevrotain";
import * as T from "./tokens.ts";

/** Plain-words messages for a policy author, not parser jargon. */
const describe = (t: TokenType): string => (t.LABEL ?? t.name);
const found = (t: IToken): string => (t.tokenType.name === "EOF" ? "the end of the file" : `'${t.image.length > 40 ? t.image.slice(0, 40) + "…" : t.image}'`);
const isWord = (t: IToken): boolean => /^[A-Za-z_]/.test(t.image) && t.tokenType.name !== "Identifier";
const uniq = (xs: string[]): string[] => [...new Set(xs)];
const listOf = (xs: string[]): string => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`);

export const plainMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `Expected ${describe(expected)} here, but found ${found(actual)}.${expected.name === "Identifier" && isWord(actual) ? ` '${actual.image}' is a word of the language and cannot be used as a name.` : ""}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `Unexpected ${found(firstRedundant)}: a guideline file holds only a header, declarations and sections.`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const starts = uniq(expectedPathsPerAlt.flatMap((alt) => alt.map((path) => (path[0] ? describe(path[0]) : "")))).filter(Boolean);
    return `${found(actual[0])} cannot start ${ruleWords[ruleName] ?? "this"}: expected ${listOf(starts.slice(0, 9))}${starts.length > 9 ? " …" : ""}.`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) => {
    const starts = uniq(expectedIterationPaths.map((p) => (p[0] ? describe(p[0]) : ""))).filter(Boolean);
    return `${ruleWords[ruleName] ?? "This"} needs at least one item: expected ${listOf(starts.slice(0, 8))}, but found ${found(actual[0])}.`;
  },
};

const ruleWords: Record<string, string> = {
  topLevel: "a declaration (external, indications, enum, studies, facts, define, requires or section)",
  sectionItem: "a section item (applies, requires, define, a rule, see, note or example)",
  atom: "a condition",
  notExpr: "a condition",
  expr: "a condition",
  factType: "a fact type (yes/no, number, duration, date, one of, set of)",
  studyPattern: "a study (a CPT code, a modality such as MRI, or a study set)",
  givenValue: "a value",
  outcome: "an outcome (approve, deny, pend, review or not-applicable)",
  ruleKind: "a rule",
  exampleItem: "an example item (given, as of, request, expect)",
  postfix: "a test on a fact",
};

export class GuideParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, errorMessageProvider: plainMessages, maxLookahead: 3, nodeLocationTracking: "full" });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.SUBRULE(this.header);
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  header = this.RULE("header", () => {
    this.CONSUME(T.Guideline);
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.SectionId) }]);
    this.CONSUME(T.StringLit);
    this.OPTION(() => { this.CONSUME(T.Version); this.CONSUME2(T.StringLit); });
    // The dates this version is in force: from `effective`, to `through` (inclusive) or the next version.
    this.OPTION3(() => { this.CONSUME(T.Effective); this.CONSUME(T.DateLit); this.OPTION4(() => { this.CONSUME(T.Through); this.CONSUME2(T.DateLit); }); });
    this.OPTION2(() => { this.CONSUME(T.Source); this.CONSUME3(T.StringLit); });
  });

  topLevel = this.RULE("topLevel", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.externalDecl) },
      { ALT: () => this.SUBRULE(this.indicationsDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.studiesDecl) },
      { ALT: () => this.SUBRULE(this.studySetDecl) },
      { ALT: () => this.SUBRULE(this.factsDecl) },
      { ALT: () => this.SUBRULE(this.defineDecl) },
      // A guideline-wide prerequisite: gates the approvals of every section (but those after `except`).
      { ALT: () => this.SUBRULE(this.requiresClause) },
      { ALT: () => this.SUBRULE(this.sectionDecl) },
    ]);
  });

  externalDecl = this.RULE("externalDecl", () => {
    this.CONSUME(T.External);
    this.CONSUME(T.SectionId);
    this.CONSUME(T.StringLit);
    this.OPTION(() => { this.CONSUME(T.In); this.CONSUME2(T.StringLit); });
  });

  indicationsDecl = this.RULE("indicationsDecl", () => {
    this.CONSUME(T.Indications);
    this.CONSUME(T.LCurly);
    this.MANY(() => { this.CONSUME(T.Identifier); this.CONSUME(T.StringLit); });
    this.CONSUME(T.RCurly);
  });

  enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(T.Enum);
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Region) }]);
    this.SUBRULE(this.enumBody);
  });

  enumBody = this.RULE("enumBody", () => {
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.enumValue);
    this.MANY(() => { this.CONSUME(T.Comma); this.OPTION(() => this.SUBRULE2(this.enumValue)); });
    this.CONSUME(T.RCurly);
  });

  enumValue = this.RULE("enumValue", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.CONSUME(T.StringLit));
  });

  studiesDecl = this.RULE("studiesDecl", () => {
    this.CONSUME(T.Studies);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.studyDecl));
    this.CONSUME(T.RCurly);
  });

  studyDecl = this.RULE("studyDecl", () => {
    this.CONSUME(T.Cpt);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.Equals);
    this.CONSUME(T.Modality);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.contrastSpec));
    this.MANY(() => this.SUBRULE(this.noteLine));
  });

  /** A named study set: `studies spine_advanced = MRI of cervical, CT of cervical`, usable wherever a study list is. */
  studySetDecl = this.RULE("studySetDecl", () => {
    this.CONSUME(T.Studies);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.studyList);
    this.MANY(() => this.SUBRULE(this.noteLine));
  });

  contrastSpec = this.RULE("contrastSpec", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Without); this.CONSUME(T.And); this.CONSUME(T.With); this.CONSUME(T.Contrast); }, GATE: () => this.LA(2).tokenType === T.And },
      { ALT: () => { this.CONSUME2(T.Without); this.CONSUME2(T.Contrast); } },
      { ALT: () => { this.CONSUME2(T.With); this.CONSUME3(T.Contrast); } },
    ]);
  });

  factsDecl = this.RULE("factsDecl", () => {
    this.CONSUME(T.Facts);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR([
      { ALT: () => this.SUBRULE(this.factGroup) },
      { ALT: () => this.SUBRULE(this.factDecl) },
    ]));
    this.CONSUME(T.RCurly);
  });

  factGroup = this.RULE("factGroup", () => {
    this.CONSUME(T.Group);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.factDecl));
    this.CONSUME(T.RCurly);
  });

  factDecl = this.RULE("factDecl", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.factType);
    this.CONSUME(T.StringLit);
    this.OPTION(() => this.SUBRULE(this.replacesLine)); // the previous version's name of this fact
    // Other evidence that answers it (`yes when temperature >= 100 °F`), and what "not documented" means.
    this.MANY(() => this.SUBRULE(this.factClause));
    this.MANY2(() => this.SUBRULE(this.noteLine)); // why a bound is what it is, where it is a judgement
  });

  factClause = this.RULE("factClause", () => {
    this.OR([
      { ALT: () => { this.OR2([{ ALT: () => this.CONSUME(T.Yes) }, { ALT: () => this.CONSUME(T.No) }]); this.CONSUME(T.When); this.SUBRULE(this.expr); } },
      { ALT: () => {
        this.CONSUME(T.Not); this.CONSUME(T.Documented); this.CONSUME(T.Means);
        this.OR3([{ ALT: () => this.CONSUME2(T.Yes) }, { ALT: () => this.CONSUME2(T.No) }, { ALT: () => this.CONSUME(T.Identifier) }]);
      } },
    ]);
  });

  replacesLine = this.RULE("replacesLine", () => {
    this.CONSUME(T.Replaces);
    this.CONSUME(T.Identifier);
    this.MANY(() => { this.CONSUME(T.Comma); this.CONSUME2(T.Identifier); }); // facts merged into this one
  });

  factType = this.RULE("factType", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.YesNo) },
      { ALT: () => { this.CONSUME(T.NumberKw); this.OPTION(() => this.CONSUME(T.Unit)); this.OPTION2(() => this.SUBRULE(this.factBounds)); } },
      { ALT: () => { this.CONSUME(T.Duration); this.OPTION3(() => this.SUBRULE2(this.factBounds)); } },
      { ALT: () => this.CONSUME(T.DateKw) },
      { ALT: () => { this.CONSUME(T.One); this.CONSUME(T.Of); this.SUBRULE(this.enumRef); } },
      { ALT: () => { this.CONSUME(T.SetKw); this.CONSUME2(T.Of); this.SUBRULE2(this.enumRef); } },
    ]);
  });

  /** The plausible values of a number or duration fact: `within 77..113`, `within 0..30 years`. */
  factBounds = this.RULE("factBounds", () => {
    this.CONSUME(T.Within);
    this.CONSUME(T.NumberLit);
    this.CONSUME(T.DotDot);
    this.CONSUME2(T.NumberLit);
    this.OPTION(() => this.CONSUME(T.Unit));
  });

  enumRef = this.RULE("enumRef", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.Region) },
      { ALT: () => this.SUBRULE(this.enumBody) },
    ]);
  });

  defineDecl = this.RULE("defineDecl", () => {
    this.CONSUME(T.Define);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.MANY(() => this.SUBRULE(this.noteLine));
  });

  sectionDecl = this.RULE("sectionDecl", () => {
    this.CONSUME(T.Section);
    this.CONSUME(T.SectionId);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.sectionItem));
    this.CONSUME(T.RCurly);
  });

  sectionItem = this.RULE("sectionItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.appliesClause) },
      { ALT: () => this.SUBRULE(this.noteLine) },
      { ALT: () => this.SUBRULE(this.requiresClause) },
      { ALT: () => this.SUBRULE(this.defineDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.seeClause) },
      { ALT: () => this.SUBRULE(this.exampleDecl) },
    ]);
  });

  appliesClause = this.RULE("appliesClause", () => {
    this.CONSUME(T.Applies);
    this.CONSUME(T.When);
    this.SUBRULE(this.expr);
  });

  noteLine = this.RULE("noteLine", () => {
    this.CONSUME(T.Note);
    this.CONSUME(T.StringLit);
  });

  citeLine = this.RULE("citeLine", () => {
    this.CONSUME(T.Cite);
    this.CONSUME(T.StringLit);
  });

  requiresClause = this.RULE("requiresClause", () => {
    this.CONSUME(T.Requires);
    this.SUBRULE(this.expr);
    this.OPTION(() => { this.CONSUME(T.For); this.SUBRULE(this.studyList); });
    // The sections a guideline-wide prerequisite does not gate (a chapter id, PEDSP-4, names each PEDSP-4.x).
    this.OPTION2(() => {
      this.CONSUME(T.Except);
      this.CONSUME(T.SectionId);
      this.MANY2(() => { this.CONSUME(T.Comma); this.CONSUME2(T.SectionId); });
    });
    this.MANY(() => this.OR([
      { ALT: () => this.SUBRULE(this.citeLine) },
      { ALT: () => this.SUBRULE(this.noteLine) },
    ]));
  });

  ruleDecl = this.RULE("ruleDecl", () => {
    this.OPTION(() => { this.CONSUME(T.Identifier); this.CONSUME(T.Colon); });
    this.SUBRULE(this.ruleKind);
    this.OPTION2(() => { this.CONSUME(T.When); this.SUBRULE(this.expr); });
    this.MANY(() => this.OR2([
      { ALT: () => this.SUBRULE(this.citeLine) },
      { ALT: () => this.SUBRULE(this.noteLine) },
    ]));
  });

  ruleKind = this.RULE("ruleKind", () => {
    this.OR([
      { ALT: () => { this.OR2([
        { ALT: () => this.CONSUME(T.Approve) },
        { ALT: () => this.CONSUME(T.Deny) },
        { ALT: () => this.CONSUME(T.Review) },
        { ALT: () => this.CONSUME(T.Pend) },
      ]); this.SUBRULE(this.studyList); } },
      { ALT: () => { this.CONSUME(T.Refer); this.CONSUME(T.SectionId); } },
    ]);
  });

  studyList = this.RULE("studyList", () => {
    this.SUBRULE(this.studyPattern);
    this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.studyPattern); });
  });

  studyPattern = this.RULE("studyPattern", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Cpt) },
      { ALT: () => { this.CONSUME(T.Any); this.CONSUME(T.Study); } },
      { ALT: () => this.CONSUME3(T.Identifier) }, // a study set declared with `studies NAME = …`
      { ALT: () => {
        this.CONSUME(T.Modality);
        this.OPTION(() => {
          this.SUBRULE(this.contrastSpec);
          this.MANY(() => { this.CONSUME(T.Or); this.SUBRULE2(this.contrastSpec); });
        });
        this.OPTION2(() => {
          this.CONSUME(T.Of);
          this.OR2([
            { ALT: () => this.CONSUME(T.Identifier) },
            { ALT: () => { this.CONSUME2(T.Any); this.CONSUME(T.Region); } },
          ]);
        });
      } },
    ]);
  });

  seeClause = this.RULE("seeClause", () => {
    this.CONSUME(T.See);
    this.CONSUME(T.SectionId);
  });

  exampleDecl = this.RULE("exampleDecl", () => {
    this.CONSUME(T.Example);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.exampleItem));
    this.CONSUME(T.RCurly);
  });

  exampleItem = this.RULE("exampleItem", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Given); this.SUBRULE(this.givenItem); this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.givenItem); }); } },
      { ALT: () => { this.CONSUME(T.As); this.CONSUME(T.Of); this.CONSUME(T.DateLit); } },
      { ALT: () => { this.CONSUME(T.Request); this.CONSUME(T.Cpt); } },
      { ALT: () => {
        this.CONSUME(T.Expect);
        this.SUBRULE(this.outcome);
        this.OPTION(() => this.CONSUME(T.SectionId));
        this.OPTION2(() => {
          this.CONSUME(T.Missing);
          this.CONSUME2(T.LCurly);
          this.OPTION3(() => {
            this.CONSUME2(T.Identifier);
            this.MANY2(() => { this.CONSUME2(T.Comma); this.CONSUME3(T.Identifier); });
          });
          this.CONSUME2(T.RCurly);
        });
      } },
    ]);
  });

  outcome = this.RULE("outcome", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Approve) },
      { ALT: () => this.CONSUME(T.Deny) },
      { ALT: () => this.CONSUME(T.Pend) },
      { ALT: () => this.CONSUME(T.Review) },
      { ALT: () => this.CONSUME(T.NotApplicable) },
    ]);
  });

  givenItem = this.RULE("givenItem", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Not); this.CONSUME(T.Identifier); } },
      { ALT: () => {
        this.CONSUME2(T.Identifier);
        this.OPTION(() => this.OR2([
          { ALT: () => this.SUBRULE(this.givenValue) },
          { ALT: () => { this.CONSUME2(T.Not); this.CONSUME(T.Documented); } }, // `fever not documented`
        ]));
      } },
    ]);
  });

  givenValue = this.RULE("givenValue", () => {
    this.OR([
      { ALT: () => {
        this.AT_LEAST_ONE(() => { this.CONSUME(T.NumberLit); this.OPTION(() => this.CONSUME(T.Unit)); });
        this.OPTION2(() => this.CONSUME(T.Ago));
      } },
      { ALT: () => this.CONSUME(T.DateLit) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => {
        this.CONSUME(T.LCurly);
        this.OPTION3(() => {
          this.CONSUME2(T.Identifier);
          this.MANY(() => { this.CONSUME(T.Comma); this.CONSUME3(T.Identifier); });
        });
        this.CONSUME(T.RCurly);
      } },
    ]);
  });

  // ---- expressions ----
  expr = this.RULE("expr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => { this.CONSUME(T.Or); this.SUBRULE2(this.andExpr); });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => { this.CONSUME(T.And); this.SUBRULE2(this.notExpr); });
  });

  notExpr = this.RULE("notExpr", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Not); this.SUBRULE(this.notExpr); } },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.expr); this.CONSUME(T.RParen); } },
      { ALT: () => {
        this.OR2([
          { ALT: () => this.CONSUME(T.Any) },
          { ALT: () => this.CONSUME(T.All) },
          { ALT: () => this.CONSUME(T.None) },
        ]);
        this.CONSUME(T.Of);
        this.SUBRULE(this.exprList);
      } },
      { ALT: () => { this.CONSUME(T.At); this.CONSUME(T.Least); this.CONSUME(T.NumberLit); this.CONSUME2(T.Of); this.SUBRULE2(this.exprList); } },
      { ALT: () => { this.CONSUME(T.Requested); this.CONSUME(T.Is); this.SUBRULE(this.studyPattern); } },
      { ALT: () => { this.CONSUME(T.Identifier); this.OPTION(() => this.SUBRULE(this.postfix)); } },
      // An approve rule of the guideline supports the requested study for this case ("unless otherwise stated").
      { ALT: () => { this.CONSUME(T.Supported); this.CONSUME(T.Elsewhere); } },
    ]);
  });

  // Each item may quote its own sentence (`severe_or_night_pain cite "Pain which is …"`), so that a reason
  // names the criterion as the guideline states it.
  exprList = this.RULE("exprList", () => {
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.expr);
    this.OPTION2(() => this.SUBRULE(this.citeLine));
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION(() => { this.SUBRULE2(this.expr); this.OPTION3(() => this.SUBRULE2(this.citeLine)); });
    });
    this.CONSUME(T.RCurly);
  });

  postfix = this.RULE("postfix", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.CmpOp); this.CONSUME(T.NumberLit); this.OPTION(() => this.CONSUME(T.Unit)); } },
      { ALT: () => { this.CONSUME(T.Within); this.CONSUME2(T.NumberLit); this.CONSUME2(T.Unit); } },
      { ALT: () => {
        this.CONSUME(T.Is);
        this.OPTION2(() => this.CONSUME(T.Not));
        this.OR2([
          { ALT: () => { this.CONSUME(T.One); this.CONSUME(T.Of); this.SUBRULE(this.nameList); } },
          { ALT: () => this.CONSUME(T.Identifier) },
        ]);
      } },
      { ALT: () => {
        this.CONSUME(T.Has);
        this.OR3([
          { ALT: () => { this.CONSUME(T.Any); this.CONSUME2(T.Of); this.SUBRULE2(this.nameList); } },
          { ALT: () => { this.CONSUME(T.All); this.CONSUME3(T.Of); this.SUBRULE3(this.nameList); } },
          { ALT: () => this.CONSUME2(T.Identifier) },
        ]);
      } },
    ]);
  });

  nameList = this.RULE("nameList", () => {
    this.CONSUME(T.LCurly);
    this.CONSUME(T.Identifier);
    this.MANY(() => { this.CONSUME(T.Comma); this.OPTION(() => this.CONSUME2(T.Identifier)); });
    this.CONSUME(T.RCurly);
  });
}

/** One parser instance, reused: Chevrotain parsers are built once and fed new input. */
export const parserInstance = new GuideParser();
export type { CstNode };
