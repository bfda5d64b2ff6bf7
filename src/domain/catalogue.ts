// Every message a person reads from the service, in Chinese (the default) and English, keyed by id.
// Domain rules, workflow validators and routes return a `Message` (key + params), never rendered text:
// the API renders it in the caller's language at the boundary (src/api/errors.ts), so the same
// refusal reads 超出街道审批权限 to the console and "exceeds the street's authority" to an English client.
// Pure and workflow-safe: a Message is plain JSON and travels in a failure's details.

export type Lang = 'zh' | 'en';
/** A parameter that itself reads differently per language: an action's, role's or step's name. */
export interface Bilingual {
  zh: string;
  en: string;
}
/** A parameter: as is, or read per language (a name from the catalogue, an action's label). */
export type Param = string | number | Bilingual | Message;

const CATALOGUE = {
  // Field shapes (src/domain/fields.ts, the API's own checks).
  'field.required': { zh: '必填', en: 'required' },
  'field.unknown': { zh: '不允许的字段', en: 'unknown field' },
  'field.text': { zh: '应为文本', en: 'must be text' },
  'field.unstorable': { zh: '不能包含 NUL 字符或不成对的代理字符', en: 'must not contain NUL or unpaired surrogate characters' },
  'field.unstorableIn': { zh: '不能包含 NUL 字符或不成对的代理字符（{where}）', en: 'must not contain NUL or unpaired surrogate characters ({where})' },
  'field.blank': { zh: '不能为空', en: 'must not be blank' },
  'field.tooLong': { zh: '最多 {max} 个字', en: 'must be at most {max} characters' },
  'field.fen': { zh: '应为以分为单位的金额（整数）', en: 'must be an amount in fen' },
  'field.positiveFen': { zh: '应为大于零的金额（整数，单位：分）', en: 'must be a positive amount in fen' },
  'field.int': { zh: '应为 {min} 至 {max} 之间的整数', en: 'must be a whole number from {min} to {max}' },
  'field.decimal': { zh: '应为 {min} 至 {max} 之间、最多 {places} 位小数的数', en: 'must be a number from {min} to {max} with at most {places} decimal places' },
  'field.places': { zh: '最多 {places} 位小数', en: 'must have at most {places} decimal places' },
  'field.boolean': { zh: '应为“是”或“否”', en: 'must be true or false' },
  'field.date': { zh: '应为日期（YYYY-MM-DD）', en: 'must be a date YYYY-MM-DD' },
  'field.phone': { zh: '应为电话号码', en: 'must be a phone number' },
  'field.oneOf': { zh: '应为以下之一：{values}', en: 'must be one of {values}' },
  'field.listSize': { zh: '应列出 {min} 至 {max} 项', en: 'must list {min} to {max} items' },
  'field.object': { zh: '应为对象', en: 'must be an object' },
  'field.invalid': { zh: '取值无效', en: 'invalid value' },
  'field.notStorable': { zh: '请求中的某个值无法存储或比较', en: 'a value in the request cannot be stored or compared' },
  'field.residentId': { zh: '应为 18 位居民身份证号码（校验位须正确）', en: 'must be an 18-digit resident ID number with a valid checksum' },
  'field.bornInFuture': { zh: '出生日期晚于今天', en: 'has a birth date in the future' },
  'field.notFuture': { zh: '不能晚于现在', en: 'must not be in the future' },
  'field.notAfterToday': { zh: '不能晚于今天', en: 'must not be after today' },
  'field.fromToday': { zh: '应为今天或以后的日期', en: 'a date from today on' },
  'field.notBeforeFrom': { zh: '不能早于起始日期（from）', en: 'must not be before from' },
  'field.atMost36Months': { zh: '距起始月份（from）最多 36 个月', en: 'at most 36 months after from' },
  'field.cursor': { zh: '不是本接口签发的游标', en: 'is not a cursor this API issued' },
  'field.cursorSort': { zh: '不是本接口按此排序签发的游标', en: 'is not a cursor this API issued for this sort order' },
  'field.cursorOrOffset': { zh: '不能与 cursor 同时使用：按页码（offset）或按游标翻页，二选一', en: 'cannot be given with cursor: page by offset or by cursor, not both' },
  'field.cursorWithSort': { zh: '按 sortBy 排序时请用 offset 翻页', en: 'page by offset when ordering by sortBy' },
  'field.monthTooLate': { zh: '不能晚于下个月', en: 'must not be later than next month' },
  'field.notInYear': { zh: '不在 {year} 年内', en: 'is not in {year}' },
  'field.streetCode': { zh: '应为 9 位街道（镇）代码', en: 'must be a 9-digit street (街道/镇) code' },
  'field.countyCode': { zh: '应为 6 位区县代码', en: 'must be a 6-digit county code' },
  'field.orgCode': { zh: '应为 6 位区县代码或 9 位街道代码', en: 'must be a 6-digit county or 9-digit street code' },
  'field.regionCode': { zh: '应为 6 位地区代码（000000 为全国）', en: 'must be a 6-digit region code (000000: national)' },
  'field.month': { zh: '应为月份（YYYY-MM）', en: 'must be a month, YYYY-MM' },
  'field.creditCode': { zh: '应为 18 位统一社会信用代码（校验位须正确）', en: 'must be an 18-character unified social credit code with a valid check character' },
  'field.account': { zh: '应为 8 至 30 位数字', en: 'must be 8 to 30 digits' },
  'field.payee': { zh: '应为领取人：applicant、carer、guardian 或 guardian-2 等', en: 'must be a payee: applicant, carer, guardian or guardian-2, …' },
  'field.bankReference': { zh: '应为银行文件中的参考号（benefitId/YYYY-MM/payee）', en: 'must be a reference of the bank file: benefitId/YYYY-MM/payee' },
  'field.settlementReference': { zh: '应为服务结算银行文件中的参考号（settlement-N/行号）', en: 'must be a reference of the settlement’s bank file: settlement-N/line' },
  'field.eachTypeOnce': { zh: '每种救助类型只能申请一次', en: 'each type once' },
  'field.onlyWithType': { zh: '仅在申请{type}时填写', en: 'only with a {type} request' },
  'field.requiredForType': { zh: '申请{type}时必填', en: 'required for a {type} request' },
  'field.nameOrId': { zh: '姓名与身份证号码二者须且只能填写一项', en: 'give exactly one of name or idNumber' },
  'field.roleOrg': { zh: '街道经办人须为 9 位街道代码，其他角色须为 6 位区县代码', en: 'a caseworker needs a 9-digit street, every other role a 6-digit county' },
  'field.householdPart': { zh: '家庭成员、资产、赡养人至少填写一项', en: 'give at least one of members, assets, supporters' },
  'field.overLimit': { zh: '超过单笔最高限额 {limit}', en: 'more than the per-transaction maximum of {limit}' },
  'field.beforePolicies': { zh: '早于本地区政策生效日期（{asOf}）', en: "is before the region's policies were in force ({asOf})" },
  'field.policyValue': { zh: '{key} 的取值无效：{summary}', en: 'invalid {key} value: {summary}' },

  // Households and economic checks.
  'household.requiredWithoutMembers': { zh: '未登记家庭成员时必填', en: 'required without members' },
  'household.oneSelf': { zh: '须有且只有一名与申请人关系为“本人”的成员', en: 'must have exactly one member whose relation is self (the applicant)' },
  'household.selfTwice': { zh: '只能有一名“本人”（已是 members.{first}）', en: 'only one member may be self (members.{first} is)' },
  'household.selfName': { zh: '应为申请人姓名', en: 'must be the applicant’s name' },
  'household.selfId': { zh: '应为申请人身份证号码', en: 'must be the applicant’s ID number' },
  'household.selfLivesTogether': { zh: '申请人须在本户共同生活', en: 'the applicant lives in their own household' },
  'household.repeats': { zh: '与 members.{first} 重复（同一人只登记一次）', en: 'repeats members.{first} (a person is declared once)' },
  'household.sizeDisagrees': { zh: '应与家庭成员一致：共同生活 {size} 人', en: 'must agree with the members: {size} living together' },
  'household.incomesTooLarge': { zh: '成员收入合计超过可记录的最大金额', en: 'the incomes add up to more than the largest amount in fen' },
  'household.incomeDisagrees': { zh: '应与家庭成员一致：每月 {income}', en: 'must agree with the members: {income} a month' },
  'household.notFound': { zh: '未找到家庭 {id}', en: 'household {id} not found' },
  'household.beforeRegistered': { zh: '早于家庭登记日期（{on}）', en: 'is before the household was registered ({on})' },
  'household.beforeFirstCase': { zh: '不能早于该家庭首个案件的受理日期（{on}）', en: "must not be before the household's first case was accepted ({on})" },
  'household.changedMeanwhile': { zh: '家庭登记已被他人修改（当前版本 {version}），请重新读取后再提交', en: 'the household changed meanwhile (now version {version}); read it again and resend' },
  'household.changing': { zh: '家庭登记正在变更，请重试', en: 'the household register is changing; retry' },
  'check.noMembers': { zh: '此案件的家庭未登记家庭成员，核对报告无从载入：请提供 perCapitaIncomeFen 与 assetsWithinLimits', en: "this case's household has no registered members, so the report cannot be loaded: give perCapitaIncomeFen and assetsWithinLimits" },
  'check.requiredWithoutMembers': { zh: '无家庭成员登记时必填（或提供核对报告 report）', en: 'required without registered members (or give a report)' },
  'check.unknownMember': { zh: '不在登记的家庭成员中：请先登记家庭变更', en: 'is not among the registered members: record a household change first' },

  // Eligibility (reasons a household does not qualify) and the decision gate.
  'reason.income_above_standard': { zh: '家庭人均收入高于低保标准', en: 'income above the standard' },
  'reason.assets_above_limit': { zh: '家庭财产超过规定', en: 'assets above the limit' },
  'reason.already_covered': { zh: '成员已享受低保或特困供养', en: 'a member is already covered' },
  'reason.income_below_standard': { zh: '人均收入低于低保标准（应申请低保）', en: 'income below the standard (低保 applies)' },
  'reason.income_above_low_income_line': { zh: '人均收入高于低收入标准', en: 'income above the low-income line' },
  'reason.has_work_ability': { zh: '有劳动能力', en: 'has work ability' },
  'reason.has_income': { zh: '有收入来源', en: 'has income' },
  'reason.has_able_supporter': { zh: '有具备赡养、抚养、扶养能力的义务人', en: 'has an able supporter' },
  'gate.notEligible': { zh: '不符合{aid}条件：{reasons}', en: 'not eligible for {aid}: {reasons}' },
  'gate.checkExpired': { zh: '家庭经济状况核对报告（{checkedOn}）已超过 {validDays} 天有效期，请重新核对', en: 'the economic check of {checkedOn} is older than {validDays} days; check again' },
  'gate.amountMismatch': { zh: '月保障金额应为按家庭收入与标准计算的 {computed}', en: 'the monthly amount must be the {computed} computed from the household’s income and the standard' },
  'policy.lowIncomeFactor': { zh: '应为不小于 1、最多 4 位小数的数', en: 'must be a number of at least 1 with at most 4 decimal places' },
  'policy.wholeMonths': { zh: '应为整月数', en: 'must be a whole number of months' },
  'policy.minorUnder': { zh: '不能大于 elderlyFrom', en: 'must not exceed elderlyFrom' },
  'policy.oneTier': { zh: '至少列出一档', en: 'must list at least one tier' },
  'policy.tierAbove': { zh: '应高于上一档', en: 'must be above the tier before it' },
  'policy.quorum': { zh: '不能大于成员数', en: 'must not exceed members' },
  'policy.pastEdited': { zh: '生效日期 {effectiveFrom} 不晚于今天：已生效的政策不可修改', en: 'effectiveFrom {effectiveFrom} is not after today: the past and the present are never edited' },
  'policy.mayNotLoad': { zh: '{role}（{org}）无权载入 {region} 的政策', en: 'role {role} of {org} may not load policy for {region}' },
  'policy.mayNotSimulate': { zh: '{role}（{org}）无权对 {region} 的政策进行测算', en: 'role {role} of {org} may not simulate policy for {region}' },

  // Actions: who, where, when.
  'action.roleMayNot': { zh: '{role}无权执行“{action}”', en: 'role {role} may not {action}' },
  'action.outsideScope': { zh: '该{noun}不在您的管辖范围内', en: 'the {noun} is outside your scope' },
  'action.notInStep': { zh: '当前步骤“{step}”不能执行“{action}”', en: '{action} is not allowed in step {step}' },
  'action.notInStepSuspended': { zh: '当前步骤“{step}”（等待补正材料）不能执行“{action}”', en: '{action} is not allowed in step {step} (suspended for supplement)' },
  'action.notInStepReview': { zh: '当前步骤“{step}”（等待区县失信复核）不能执行“{action}”', en: "{action} is not allowed in step {step} (awaiting the county's 失信 review)" },
  'action.notOfType': { zh: '“{action}”不是{type}案件的操作', en: '{action} is not an action of a {type} case' },
  'action.unknown': { zh: '未知操作 {action}', en: 'unknown action {action}' },
  'case.archived': { zh: '案件已归档', en: 'the case is archived' },
  'case.closed': { zh: '案件已办结', en: 'the case is closed' },
  'case.notFound': { zh: '未找到案件 {id}', en: 'case {id} not found' },
  'case.busy': { zh: '案件正在处理上一步操作，请稍后重试', en: 'the case is busy with a previous step; retry' },
  'case.onlySystemBackdates': { zh: '只有外部系统导入可以填写受理时间（acceptedAt）', en: 'only a system import may set acceptedAt' },
  'case.alreadyReceives': { zh: '申请人已在案件 {caseId} 中享受{type}', en: 'the applicant already receives {type} in case {caseId}' },
  'case.noObjection': { zh: '没有编号为 {id} 的异议', en: 'no objection {id}' },
  'case.objectionResolved': { zh: '异议 {id} 已处理', en: 'objection {id} is already resolved' },
  'disaster.tooManyMonths': { zh: '过渡期生活救助最多 {max} 个月', en: 'transition living aid lasts at most {max} months' },
  'disaster.eventNotFound': { zh: '未找到灾害事件 {id}', en: 'disaster event {id} not found' },
  'disaster.notOfEvent': { zh: '案件不属于灾害事件 {id}', en: 'the case is not of disaster event {id}' },
  'disaster.streetOutsideCounty': { zh: '应为灾害发生地（{county}）的街道', en: 'must be a street of the event’s county {county}' },
  'disaster.throughEvents': { zh: '受灾人员救助由应急部门按灾害事件登记（POST /v1/disaster-events/:eventId/cases）', en: 'disaster cases are opened per disaster event (POST /v1/disaster-events/:eventId/cases)' },
  'disaster.keyTwice': { zh: '同一批次中 key 重复（{key}）', en: 'key {key} appears twice in the request' },
  'what.openDisaster': { zh: '登记灾害事件与受灾人员', en: 'record disaster events and affected households' },
  'what.decideDisaster': { zh: '批量审批受灾人员救助', en: 'decide disaster cases in batches' },
  'cooperation.pending': { zh: '异地协查（{county}）尚未答复，答复期限 {dueDate}：收到户籍地答复后方可作出决定', en: 'the cooperation request to {county} (due {dueDate}) is not answered yet: decide after the answer' },
  'cooperation.answered': { zh: '协查请求 {id} 已答复', en: 'cooperation request {id} is already answered' },
  'cooperation.none': { zh: '本案件没有异地协查请求', en: 'this case has no cooperation request' },
  'cooperation.notFound': { zh: '未找到协查请求 {id}', en: 'cooperation request {id} not found' },
  'cooperation.onlyHukouCaseworker': { zh: '只有户籍地（{county}）的街道经办人可以答复协查请求', en: 'only a caseworker of the 户籍 county {county} may answer the cooperation request' },
  'cooperation.caseClosed': { zh: '案件已办结，协查请求不再需要答复', en: 'the case is closed; the request needs no answer' },
  'field.permitRequired': { zh: '户籍地（{county}）不在受理地区县（{here}）：居住地申办须填写居住证号码', en: 'the household register ({county}) is outside this county ({here}): a residence-based application needs the residence permit number' },
  'case.mayNotSearch': { zh: '{role}无权查询个人', en: 'role {role} may not search for people' },
  'temporary.streetAuthority': { zh: '{amount}超出街道审批权限（{limit}），请{forward}', en: "{amount} exceeds the street's authority ({limit}): {forward}" },
  'temporary.upTo': { zh: '不超过 {amount}', en: 'up to {amount}' },
  'temporary.below': { zh: '低于 {amount}', en: 'below {amount}' },
  'temporary.emergencyAtOnce': { zh: '急难型救助须一次性发放，不能分期', en: 'an emergency payout is paid at once, in one sum' },
  'temporary.instalmentsStopped': { zh: '分阶段救助已停止', en: 'the instalments are already stopped' },
  'temporary.awaitingFollowUp': { zh: '等待跟进核查的是第 {instalment} 期', en: 'instalment {instalment} is the one awaiting its follow-up' },
  'instalments.count': { zh: '应列出 1 至 60 期', en: 'must list 1 to 60 instalments' },
  'instalments.inOrder': { zh: '应为 {from} 或以后的日期，且按先后顺序', en: 'must be a date from {from} on, in order' },
  'instalments.sum': { zh: '各期金额合计 {sum}，与核准金额 {total} 不符', en: 'amounts sum to {sum}, not the approved {total}' },
  'instalments.countRange': { zh: '应为 1 至 60', en: 'must be 1 to 60' },
  'instalments.interval': { zh: '应为 1 至 366 天', en: 'must be 1 to 366 days' },
  'instalments.firstDue': { zh: '应为 {from} 或以后的日期', en: 'must be a date from {from} on' },
  'instalments.moreThanFen': { zh: '期数多于金额的分数', en: 'more instalments than fen' },
  'medical.moreThanBill': { zh: '超过医疗费用 {bill}', en: 'more than the bill ({bill})' },
  'child.notMinor': { zh: '申请人（儿童）受理时应未满 18 周岁（出生日期 {birthDate}）', en: 'the applicant (the child) must be under 18 on acceptance (born {birthDate})' },
  'child.bothParents': { zh: '须分别列出父亲与母亲各一项', en: 'must list the father and the mother, once each' },
  'child.parentsOrphan': { zh: '父母双方均死亡或失踪：应申请孤儿基本生活保障', en: 'both parents deceased or missing: apply for orphan support instead' },
  'child.guardianIsChild': { zh: '监护人不能是申请的儿童本人', en: 'the guardian cannot be the child' },

  // Benefits, payrolls, deliberations, funds.
  'benefit.notFound': { zh: '未找到待遇 {id}', en: 'benefit {id} not found' },
  'benefit.noPayee': { zh: '待遇 {id} 没有领取人 {payee}', en: 'benefit {id} has no payee {payee}' },
  'benefit.busy': { zh: '待遇正在处理上一步操作，请稍后重试', en: 'the benefit is busy with a previous step; retry' },
  'benefit.stopped': { zh: '待遇已停止', en: 'the benefit has stopped' },
  'contact.future': { zh: '联系日期不能晚于今天（{today}）', en: 'the contact’s date must not be after today ({today})' },
  'benefit.notWhile': { zh: '待遇状态为“{status}”时不能执行“{action}”', en: '{action} is not possible while the benefit is {status}' },
  'benefit.foreignChange': { zh: '不适用于{type}待遇', en: 'does not apply to a {type} benefit' },
  'benefit.onlyChild': { zh: '仅适用于孤儿或事实无人抚养儿童待遇', en: 'applies only to an orphan or de facto orphan benefit' },
  'benefit.changeNames': { zh: '变更须至少包含以下之一：{fields}', en: 'a change names at least one of {fields}' },
  'payroll.notFound': { zh: '未找到发放批次 {id}', en: 'payroll {id} not found' },
  'payroll.is': { zh: '发放批次状态为“{status}”', en: 'the payroll is {status}' },
  'payroll.fileAfterRelease': { zh: '发放批次状态为“{status}”：发放后才生成银行文件', en: 'the payroll is {status}: the file is produced once it is released' },
  'payroll.nothingSent': { zh: '发放批次状态为“{status}”：尚未发送任何款项', en: 'the payroll is {status}: nothing was sent yet' },
  'payroll.notSent': { zh: '不是本批次发送的款项', en: 'is not a payment this payroll sent' },
  'deliberation.notFound': { zh: '未找到一事一议 {id}', en: 'deliberation {id} not found' },
  'deliberation.is': { zh: '一事一议状态为“{status}”', en: 'the deliberation is {status}' },
  'deliberation.voted': { zh: '{who} 已投过票', en: '{who} has already voted' },
  'deliberation.full': { zh: '所有成员均已投票', en: 'every seat has voted' },
  'deliberation.mayNotList': { zh: '{role}无权查看 {county} 的一事一议', en: 'role {role} may not list the deliberations of {county}' },
  'fund.otherDepartment': { zh: '{dept}审批人无权补充民政备用金', en: 'a {dept} approver may not replenish a 民政 reserve fund' },
  'application.notFound': { zh: '未找到申请 {id}', en: 'application {id} not found' },
  'notification.notFound': { zh: '没有发给您的通知 {id}', en: 'no notification {id} for you' },
  'notification.someNotFound': { zh: '没有发给您的通知：{ids}', en: 'no notifications {ids} for you' },
  'calendar.repeated': { zh: '{date} 重复：每个日期只能出现一次', en: '{date} is repeated: each date once' },
  'payroll.afterNextMonth': { zh: '不得晚于下月（{next}）：发放名册最多提前一个月编制', en: 'must not be later than next month ({next}): a payroll is prepared at most a month ahead' },
  'payroll.beforeFirstBenefit': { zh: '不得早于本县最早待遇的起始月（{first}）：此前没有应发放的待遇', en: 'must not be before the county’s first benefit month ({first}): nothing was due before' },
  'payroll.beforeThisMonth': { zh: '不得早于本月（{month}）：本县没有更早起始的待遇，此前无可发放', en: 'must not be before this month ({month}): no benefit of the county started earlier' },
  'reconciliation.future': { zh: '对账日期 {date} 晚于今天（{today}）', en: 'the reconciliation date {date} is after today ({today})' },
  'calendar.authority': { zh: '只有国家（000000）或省级（xx0000）外部系统可以载入官方日历', en: 'only a national (000000) or provincial (xx0000) system token may load the official calendar' },
  'dishonesty.notFound': { zh: '未找到失信记录 {id}', en: 'dishonesty entry {id} not found' },
  'dishonesty.mayNot': { zh: '您无权{action}此失信记录', en: 'you may not {action} this dishonesty entry' },
  'dishonesty.wrongStatus': { zh: '失信记录状态为“{status}”，不能{action}', en: '{action} is not possible for an entry that is {status}' },
  'dishonesty.action.confirm': { zh: '确认列入', en: 'confirm' },
  'dishonesty.action.reject': { zh: '不予列入', en: 'reject' },
  'dishonesty.action.appeal': { zh: '提出申诉', en: 'appeal' },
  'dishonesty.action.remove': { zh: '移出名单', en: 'remove' },
  'dishonesty.status.proposed': { zh: '待确认', en: 'proposed' },
  'dishonesty.status.listed': { zh: '已列入', en: 'listed' },
  'dishonesty.status.rejected': { zh: '不予列入', en: 'rejected' },
  'dishonesty.status.appealed': { zh: '申诉中', en: 'appealed' },
  'dishonesty.status.removed': { zh: '已移出', en: 'removed' },
  'dishonesty.kind.concealed-income': { zh: '瞒报收入', en: 'concealed income' },
  'dishonesty.kind.false-documents': { zh: '提供虚假材料', en: 'false documents' },
  'dishonesty.kind.misreported-members': { zh: '多报或瞒报家庭成员', en: 'misreported household members' },
  'dishonesty.kind.false-commitment': { zh: '虚假承诺', en: 'false commitment' },
  'dishonesty.kind.other': { zh: '其他失信情形', en: 'other' },
  'dishonesty.alreadyFromCase': { zh: '此人已因案件 {caseId} 有失信记录 {id}', en: 'the person already has entry {id} from case {caseId}' },
  'dishonesty.ownProposal': { zh: '提出人不能确认或驳回自己提出的失信记录', en: 'whoever proposed an entry does not confirm or reject it' },
  'correction.notFound': { zh: '未找到更正记录 {id}', en: 'correction {id} not found' },
  'correction.mayNot': { zh: '只有本区县民政部门审批人员可以{action}更正', en: 'only the county’s civil-affairs approver may {action} a correction' },
  'correction.ownProposal': { zh: '提出人不能审批自己提出的更正', en: 'whoever proposed a correction does not decide it' },
  'correction.wrongStatus': { zh: '更正状态为“{status}”，不能{action}', en: '{action} is not possible for a correction that is {status}' },
  'correction.action.approve': { zh: '批准', en: 'approve' },
  'correction.action.refuse': { zh: '不予批准', en: 'refuse' },
  'correction.status.proposed': { zh: '待审批', en: 'proposed' },
  'correction.status.approved': { zh: '已批准', en: 'approved' },
  'correction.status.refused': { zh: '不予批准', en: 'refused' },
  'correction.noDecidedAmount': { zh: '案件 {id} 没有核定的月补助金额，无可更正', en: 'case {id} has no decided monthly amount to correct' },
  'correction.noBenefit': { zh: '案件 {id} 的待遇尚未开始，暂不能更正金额', en: 'the benefit of case {id} has not started yet' },
  'correction.alreadyApplied': { zh: '更正 {id} 的金额已计入待遇，只能批准', en: 'correction {id} has already been applied to the benefit: it can only be approved' },
  'correction.benefitStopped': { zh: '待遇 {id} 已停止发放，金额更正请走追回或补发程序', en: 'benefit {id} has stopped: correct its amount through recovery or back pay' },
  'correction.sameValue': { zh: '更正后的值与现值相同', en: 'the corrected value is the value it holds' },
  'dishonesty.caseElsewhere': { zh: '案件 {id} 不属于 {county}', en: 'case {id} is not of {county}' },
  'discovery.notFound': { zh: '未找到主动发现记录 {id}', en: 'discovery {id} not found' },
  'discovery.mayNot': { zh: '只有所在街道的经办人可以{action}', en: 'only the street’s caseworker may {action}' },
  'discovery.wrongStatus': { zh: '主动发现记录状态为“{status}”，不能{action}', en: '{action} is not possible for a discovery that is {status}' },
  'discovery.mayNotReport': { zh: '{role}无权登记 {org} 的主动发现', en: 'role {role} may not report a discovery at {org}' },
  'discovery.action.visit': { zh: '入户走访', en: 'visit' },
  'discovery.action.invite': { zh: '引导申请', en: 'invite to apply' },
  'discovery.action.close': { zh: '办结', en: 'close' },
  'discovery.action.refer': { zh: '转介', en: 'refer' },
  'discovery.status.open': { zh: '待走访', en: 'open' },
  'discovery.status.visited': { zh: '已走访', en: 'visited' },
  'discovery.status.invited': { zh: '已引导申请', en: 'invited' },
  'discovery.status.closed': { zh: '已办结', en: 'closed' },
  'discovery.status.referred': { zh: '已转介', en: 'referred' },
  'discovery.visitBeforeFound': { zh: '走访日期不能早于发现日期（{foundOn}）', en: 'must not be before the day found ({foundOn})' },
  'discovery.otherStreet': { zh: '申请须在发现所在街道 {org} 受理', en: 'the application must be taken at the discovery’s street {org}' },
  'campaign.exists': { zh: '{county} {year} 年的摸底排查已开展（{id}）', en: 'the {year} campaign of {county} exists already ({id})' },
  'campaign.notFound': { zh: '未找到摸底排查 {id}', en: 'campaign {id} not found' },
  'campaign.mayNot': { zh: '只有本区县民政审批人或监管人可以开展摸底排查', en: 'only the county’s 民政 approver or supervisor opens a campaign' },
  'campaign.mayNotPush': { zh: '只有本区县街道的经办人可以推送本街道的摸底排查名单', en: 'only a caseworker of one of the county’s streets pushes its list' },
  'campaign.pushed': {
    zh: '{street} {year} 年摸底排查名单已推送：发现 {discovered} 人，已走访 {visited} 人，已引导申请 {invited} 人，逾期未走访 {overdue} 人',
    en: '{street} pushed its {year} list: {discovered} found, {visited} visited, {invited} invited to apply, {overdue} overdue',
  },
  'service.notFound': { zh: '未找到服务订单 {id}', en: 'service order {id} not found' },
  'service.mayNot': { zh: '您无权{action}此服务订单', en: 'you may not {action} this service order' },
  'service.wrongStatus': { zh: '服务订单状态为“{status}”，不能{action}', en: '{action} is not possible for an order that is {status}' },
  'service.action.deliver': { zh: '登记服务完成', en: 'record delivery' },
  'service.action.verify': { zh: '核验', en: 'verify' },
  'service.action.cancel': { zh: '取消', en: 'cancel' },
  'service.status.ordered': { zh: '已下单', en: 'ordered' },
  'service.status.delivered': { zh: '已服务', en: 'delivered' },
  'service.status.verified': { zh: '已核验', en: 'verified' },
  'service.status.settled': { zh: '已结算', en: 'settled' },
  'service.status.cancelled': { zh: '已取消', en: 'cancelled' },
  'service.notInCatalogue': { zh: '{county} 的服务目录中没有此项服务', en: 'is not in the service catalogue of {county}' },
  'service.nameOne': { zh: 'benefitId 与 caseId 二者须且只能填写一项', en: 'give exactly one of benefitId or caseId' },
  'service.mayNotOrder': { zh: '只有所在街道的经办人可以为其下单', en: 'only the person’s street caseworker orders services for them' },
  'service.capPersonMonth': { zh: '超出本人当月服务上限：特困人员基本生活标准 {limit}，已用 {used}，本次 {requested}', en: 'exceeds the person’s monthly cap: the 特困 basic standard {limit}, used {used}, requested {requested}' },
  'service.capCountyYear': { zh: '超出本区县年度购买服务上限：上年度救助资金支出的 5%（{limit}），已用 {used}，本次 {requested}', en: 'exceeds the county’s yearly cap: 5 % of last year’s assistance spending ({limit}), used {used}, requested {requested}' },
  'service.benefitStopped': { zh: '待遇已停止，不能再为其购买服务', en: 'the benefit has stopped: no services are bought for it' },
  'settlement.notFound': { zh: '未找到服务结算单 {id}', en: 'service settlement {id} not found' },
  'settlement.nothing': { zh: '{county} {month} 没有待结算的已核验服务订单', en: '{county} has no verified service orders of {month} to settle' },
  'settlement.already': { zh: '{county} {month} 的已核验服务订单均已结算', en: 'every verified service order of {county} in {month} is settled' },
  'settlement.withoutAccount': { zh: '{county} {month} 的已核验服务订单的服务机构尚未登记收款账户：{providers}', en: 'the providers of {county}’s verified orders of {month} have no account on record: {providers}' },
  'settlement.notLine': { zh: '不是本结算单的银行文件行', en: 'is not a line of this settlement’s bank file' },
  'household.mayNotChange': { zh: '{role}无权变更家庭登记', en: 'role {role} may not change a household' },

  // Notifications the service stores (read by people, so stored in Chinese).
  'alert.caseSanitised': { zh: '案件 {id}：含数据库无法存储的字符，已在读模型中替换（版本 {version}）', en: 'case {id}: text PostgreSQL cannot store was replaced in its read model (version {version})' },
  'alert.deliberationSanitised': { zh: '一事一议 {id}：含数据库无法存储的字符，已替换', en: 'deliberation {id}: text PostgreSQL cannot store was replaced' },
  'alert.applicationSanitised': { zh: '申请 {id}：含数据库无法存储的字符，已替换', en: 'application {id}: text PostgreSQL cannot store was replaced' },
  'watch.visitOverdue': { zh: '主动发现逾期未走访：{name}（{address}），{foundOn} 发现，应于 {dueDate} 前走访', en: 'discovery overdue for its visit: {name} ({address}), found {foundOn}, to be visited by {dueDate}' },
  'watch.contactOverdue': { zh: '待遇对象逾期未联系：{name}（{benefitId}），上次联系 {lastOn}，应于 {dueDate} 前联系', en: 'benefit overdue for a contact: {name} ({benefitId}), last contact {lastOn}, due by {dueDate}' },
  'watch.neverContacted': { zh: '尚未联系', en: 'none yet' },
  'watch.countySummary': { zh: '{date} 走访联系提醒：逾期未走访的主动发现 {discoveries} 件（新增 {newDiscoveries}），逾期未联系的待遇对象 {contacts} 户（新增 {newContacts}）', en: '{date} care watch: {discoveries} discoveries overdue for a visit ({newDiscoveries} new), {contacts} benefits overdue for a contact ({newContacts} new)' },

  // Names a message may carry: roles, departments, aid types, resources, what a role may not do.
  'role.caseworker': { zh: '街道经办人', en: 'caseworker' },
  'role.approver': { zh: '区县审批人', en: 'approver' },
  'role.committee': { zh: '协调小组成员', en: 'committee' },
  'role.supervisor': { zh: '区县监管人', en: 'supervisor' },
  'role.system': { zh: '外部系统', en: 'system' },
  'role.auditor': { zh: '审计人员', en: 'auditor' },
  'role.policy': { zh: '政策管理员', en: 'policy' },
  'dept.minzheng': { zh: '民政', en: 'minzheng' },
  'dept.yibao': { zh: '医保', en: 'yibao' },
  'dept.zhujian': { zh: '住建', en: 'zhujian' },
  'dept.jiaoyu': { zh: '教育', en: 'jiaoyu' },
  'dept.renshe': { zh: '人社', en: 'renshe' },
  'dept.yingji': { zh: '应急', en: 'yingji' },
  'dept.sifa': { zh: '司法', en: 'sifa' },
  'roleOfDept': { zh: '{dept}{role}', en: '{role} ({dept})' },
  'type.dibao': { zh: '最低生活保障', en: 'dibao' },
  'type.tekun': { zh: '特困人员救助供养', en: 'tekun' },
  'type.medical': { zh: '医疗救助', en: 'medical' },
  'type.housing': { zh: '公租房租赁补贴', en: 'housing' },
  'type.education': { zh: '教育救助', en: 'education' },
  'type.temporary': { zh: '临时救助', en: 'temporary' },
  'type.disaster': { zh: '受灾人员救助', en: 'disaster' },
  'type.defacto-orphan': { zh: '事实无人抚养儿童基本生活补贴', en: 'defacto-orphan' },
  'type.employment': { zh: '就业救助', en: 'employment' },
  'type.legal-aid': { zh: '法律援助', en: 'legal-aid' },
  'type.orphan': { zh: '孤儿基本生活保障', en: 'orphan' },
  'type.low-income': { zh: '低收入家庭认定', en: 'low-income' },
  'status.active': { zh: '享受中', en: 'active' },
  'status.suspended': { zh: '已暂停', en: 'suspended' },
  'status.phasing-out': { zh: '渐退期', en: 'phasing-out' },
  'status.stopped': { zh: '已停止', en: 'stopped' },
  'status.preparing': { zh: '编制中', en: 'preparing' },
  'status.prepared': { zh: '已编制', en: 'prepared' },
  'status.releasing': { zh: '发放中', en: 'being released' },
  'status.released': { zh: '已发放', en: 'released' },
  'status.sent': { zh: '已发送银行', en: 'sent' },
  'status.open': { zh: '进行中', en: 'open' },
  'status.approved': { zh: '已批准', en: 'approved' },
  'status.rejected': { zh: '未批准', en: 'rejected' },
  'noun.case': { zh: '案件', en: 'case' },
  'noun.benefit': { zh: '待遇', en: 'benefit' },
  'noun.payroll': { zh: '发放批次', en: 'payroll' },
  'noun.deliberation': { zh: '一事一议', en: 'deliberation' },
  'noun.reserveFund': { zh: '备用金', en: 'reserveFund' },
  'noun.filings': { zh: '备案', en: 'filings' },
  'noun.dishonestyList': { zh: '失信名单', en: 'dishonestyList' },
  'noun.discoveries': { zh: '主动发现台账', en: 'discoveries' },
  'noun.serviceOrders': { zh: '服务订单', en: 'service orders' },
  'noun.corrections': { zh: '更正记录', en: 'corrections' },
  'what.proposeCorrection': { zh: '提出更正', en: 'propose a correction' },
  'noun.reconciliation': { zh: '对账结果', en: 'reconciliation' },
  'what.startCases': { zh: '受理案件', en: 'start cases' },
  'what.listBenefits': { zh: '查看待遇列表', en: 'list benefits' },
  'what.setAccount': { zh: '设置领取人账户', en: 'set a payee’s account' },
  'what.recordContact': { zh: '登记联系', en: 'record a contact' },
  'what.readCooperation': { zh: '查看异地协查请求', en: 'read cooperation requests' },
  'what.readSla': { zh: '查看办理时限统计', en: 'read SLA statistics' },
  'what.readSpending': { zh: '查看支出统计', en: 'read spending' },
  'what.listCases': { zh: '查看或查询案件', en: 'list or search cases' },
  'what.readAudit': { zh: '查看审计记录', en: 'read the audit trail' },
  'what.proposeDishonesty': { zh: '提出失信记录', en: 'propose a dishonesty entry' },
  'what.readServiceCatalogue': { zh: '查看服务目录', en: 'read the service catalogue' },
  'what.readFunds': { zh: '查看区县备用金', en: 'read a county’s reserve funds' },
  'what.replenish': { zh: '补充备用金', en: 'replenish reserve funds' },
  'what.decodePayloads': { zh: '解密 Temporal 数据', en: 'decode Temporal payloads' },
  'what.encodePayloads': { zh: '加密 Temporal 数据', en: 'encode Temporal payloads' },
  'what.vote': { zh: '投票', en: 'vote' },
  'what.preparePayroll': { zh: '编制发放批次', en: 'prepare a payroll' },
  'what.readPayrolls': { zh: '查看发放批次', en: 'read payrolls' },
  'what.releasePayroll': { zh: '发放', en: 'release a payroll' },
  'what.readAccounts': { zh: '查看银行账号', en: 'read account numbers' },
  'what.recordReturns': { zh: '登记银行退回', en: 'record bank returns' },
  'what.settleServices': { zh: '结算服务费用', en: 'settle service orders' },
  'what.readSettlements': { zh: '查看服务结算', en: 'read service settlements' },
  'what.setProviderAccount': { zh: '登记服务机构收款账户', en: 'record a provider’s account' },
  'what.readProviders': { zh: '查看服务机构', en: 'read service providers' },

  // Access, idempotency, the service itself.
  'auth.missing': { zh: '缺少访问令牌（Bearer token）', en: 'missing bearer token' },
  'auth.invalid': { zh: '访问令牌无效或已过期', en: 'invalid or expired token' },
  'auth.noExpiry': { zh: '访问令牌没有有效期（exp）', en: 'token has no expiry (exp)' },
  'auth.future': { zh: '访问令牌的签发时间晚于现在', en: 'token issued in the future' },
  'auth.tooLong': { zh: '访问令牌有效期超过 {seconds} 秒', en: 'token lives longer than {seconds} s' },
  'auth.claims': { zh: '访问令牌的声明无效（sub、role、org、dept）', en: 'token claims invalid (sub, role, org, dept)' },
  'auth.roleMayNot': { zh: '{role}无权{what}', en: 'role {role} may not {what}' },
  'auth.outsideScope': { zh: '{org} 不在您的管辖范围内', en: '{org} is outside your scope' },
  'auth.mayNotRead': { zh: '{role}无权查看 {org} 的{resource}', en: 'role {role} may not read this {resource} of {org}' },
  'idempotency.reused': { zh: '该 Idempotency-Key 已用于内容不同的请求', en: 'Idempotency-Key was already used with a different body' },
  'route.none': { zh: '没有此接口：{method} {url}', en: 'no route {method} {url}' },
  'service.busy': { zh: '工作流服务繁忙，请稍后重试', en: 'the workflow service is busy; retry shortly' },
  'service.timeout': { zh: '工作流服务未及时响应，请使用相同的 Idempotency-Key 重试', en: 'the workflow service did not answer in time; retry with the same Idempotency-Key' },
  'service.down': { zh: '工作流服务暂不可用，请稍后用同一 Idempotency-Key 重试', en: 'the workflow service is unavailable; retry later with the same Idempotency-Key' },
  'service.dbDown': { zh: '数据库暂不可用，请稍后重试', en: 'the database is unavailable; retry later' },
  'service.internal': { zh: '服务内部错误', en: 'internal error' },
  'request.invalid': { zh: '请求无效：{problem}', en: 'invalid request: {problem}' },
  'request.emptyJson': { zh: '请求体为空，但内容类型为 JSON', en: 'the body is empty but its content type is JSON' },
  'request.mediaType': { zh: '不支持此内容类型', en: 'unsupported content type' },
  'request.contentLength': { zh: '请求体长度与 Content-Length 不符', en: 'the body does not match its Content-Length' },
  'request.tooLarge': { zh: '请求体过大', en: 'the body is too large' },
  'request.badJson': { zh: '请求体不是有效的 JSON', en: 'the body is not valid JSON' },
  'request.malformed': { zh: '请求无法解析', en: 'malformed request' },
  'request.headersTooLarge': { zh: '请求头过大', en: 'request headers too large' },
  'request.badUrl': { zh: '请求地址无效', en: 'the request URL is invalid' },
  'request.notFound': { zh: '未找到', en: 'not found' },
  'request.noBody': { zh: '此操作不接受请求体', en: 'this step takes no body' },
  'request.corsHeader': { zh: 'CORS 预检请求缺少此请求头', en: 'a CORS preflight needs this header' },
  'service.deadline': { zh: '请求未能在时限内完成，请稍后用同一 Idempotency-Key 重试', en: 'the request did not complete in time; retry with the same Idempotency-Key' },
  'codec.no-key-id': { zh: '无法解密：载荷未注明加密密钥', en: 'cannot decrypt: the payload names no key' },
  'codec.unknown-key': { zh: '无法解密：载荷所用的密钥未配置或已轮换移除', en: 'cannot decrypt: its key is not configured or was rotated out' },
  'codec.short': { zh: '无法解密：数据过短，不是加密载荷', en: 'cannot decrypt: too short to be an encrypted payload' },
  'codec.tampered': { zh: '无法解密：数据已被篡改或与密钥不符', en: 'cannot decrypt: tampered with, or not of this key' },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof CATALOGUE;
/** What a role may not do, in "role X may not …". */
export type WhatKey = Extract<MessageKey, `what.${string}`>;

/** The `{name}`s of a template. */
type Names<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | Names<R> : never;
export type ParamsOf<K extends MessageKey> = Names<(typeof CATALOGUE)[K]['zh']>;

/** A message as rules produce it: rendered only where the reader's language is known. */
export type Message = { [K in MessageKey]: [ParamsOf<K>] extends [never] ? { key: K } : { key: K; params: Record<ParamsOf<K>, Param> } }[MessageKey];

type ParamArgs<K extends MessageKey> = [ParamsOf<K>] extends [never] ? [] : [params: Record<ParamsOf<K>, Param>];

export function msg<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Message {
  return (params[0] ? { key, params: params[0] } : { key }) as Message;
}

const bilingual = (zh: string, en: string): Bilingual => ({ zh, en });

function text(p: Param, lang: Lang): string {
  if (typeof p !== 'object') return String(p);
  return 'key' in p ? render(p, lang) : p[lang];
}

/** A message in a language; an unknown key (a newer worker's) shows as itself. */
export function render(m: Message, lang: Lang): string {
  const entry = (CATALOGUE as Record<string, Bilingual>)[m.key];
  if (!entry) return m.key;
  const params = ('params' in m ? m.params : {}) as Record<string, Param>;
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? text(params[name]!, lang) : whole));
}

/** Several names as one parameter: 甲、乙 in Chinese, "a, b" in English. */
export const listOf = (items: readonly Param[]): Bilingual =>
  bilingual(items.map((i) => say(i, 'zh')).join('、'), items.map((i) => say(i, 'en')).join(', '));

/** A message or a parameter in a language. */
export function say(p: Param, lang: Lang): string {
  return text(p, lang);
}

/** Problems at their fields as one line in each language (`path：message；…`), for a 400's message. */
export const problemSummary = (problems: ReadonlyArray<{ path: string; message: Param }>): Bilingual =>
  bilingual(problems.map((p) => `${p.path}：${say(p.message, 'zh')}`).join('；'), problems.map((p) => `${p.path}: ${say(p.message, 'en')}`).join('; '));

/** Whether a string is a catalogue key: a schema's own check names its message by key (see src/api/validation.ts). */
export const isMessageKey = (value: unknown): value is MessageKey => typeof value === 'string' && value in CATALOGUE;

/** Whether a value (a failure's detail, a field problem's message) is a Message of this catalogue. */
export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string' && (value as { key: string }).key in CATALOGUE;
}

/** The catalogue itself, for its test (both languages, the same params). */
export const CATALOGUE_ENTRIES: ReadonlyArray<[string, Bilingual]> = Object.entries(CATALOGUE);

/** A role's name, with its department when the token names one. */
export function roleName(role: string, dept?: string): Message {
  const r = msg(`role.${role}` as 'role.caseworker');
  return dept ? msg('roleOfDept', { role: r, dept: msg(`dept.${dept}` as 'dept.minzheng') }) : r;
}

/** A status's name (a benefit's, a payroll's, a deliberation's). */
export const statusName = (status: string): Message => msg(`status.${status}` as 'status.active');

/** An aid type's name (低保, 特困, …, and a 低收入 recognition). */
export const typeName = (type: string): Message => msg(`type.${type}` as 'type.dibao');
