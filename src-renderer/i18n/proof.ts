// Strings of the 打印证明 (print a proof) journey.
export const zh = {
  title: '自助打印证明',
  steps: { consent: '授权', identify: '读身份证', choose: '选择证明', print: '打印' },
  targetName: '打印证明',
  agree: '同意并继续',
  choose: '请选择要打印的证明',
  chooseHint: '证明由主管部门出具,带防伪验证码,可扫码核验',
  printing: '正在出具并打印证明,请稍候…',
  printed: '请取走证明',
  verification: '验证码 {{code}}',
  printFailed: '证明已出具，但没有打印出来。请凭验证码 {{code}} 到人工窗口打印。',
  another: '打印其他证明',
  finish: '完成并退出',
  kinds: {
    socialInsurance: { title: '社会保险参保证明', hint: '参保险种、首次参保时间、累计缴费月数' },
    housingFund: { title: '住房公积金缴存证明', hint: '开户日期、缴存状态、月缴存额' },
    residence: { title: '户籍证明', hint: '户籍地址、户口类别' },
  },
};
export const en: typeof zh = {
  title: 'Print a proof',
  steps: { consent: 'Consent', identify: 'ID card', choose: 'Choose', print: 'Print' },
  targetName: 'printing a proof',
  agree: 'Agree and continue',
  choose: 'Which proof would you like to print?',
  chooseHint: 'Issued by the responsible department with a verification code anyone can check',
  printing: 'Issuing and printing your proof…',
  printed: 'Please take your proof',
  verification: 'Verification code {{code}}',
  printFailed: 'The proof was issued but not printed. A service window can print it with code {{code}}.',
  another: 'Print another proof',
  finish: 'Finish and exit',
  kinds: {
    socialInsurance: { title: 'Social insurance proof', hint: 'Schemes, first enrolment, months contributed' },
    housingFund: { title: 'Housing fund deposit proof', hint: 'Account opened, status, monthly deposit' },
    residence: { title: 'Household registration proof', hint: 'Registered address and type' },
  },
};
