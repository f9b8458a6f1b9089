// Strings of the app shell: header, home, attract, idle, recovery and out-of-service screens.
// Simplified Chinese first, English second; both complete (a test compares the key sets).

export const zh = {
  appName: '不打烊',
  appTagline: '24小时政务自助服务',
  header: {
    language: 'English',
    languageAria: '切换为英文界面',
    elderly: '长辈模式',
    elderlyOn: '长辈模式 · 已开启',
    elderlyAria: '切换长辈模式:字体更大、对比更强、等待更久',
    exit: '退出',
  },
  home: {
    title: '请选择要办理的业务',
    subtitle: '全天24小时 · 不打烊',
    services: {
      apply: { title: '办事', hint: '自助受理单个事项' },
      bundle: { title: '一件事', hint: '多个事项一次办' },
      pay: { title: '缴费', hint: '扫码或现金缴费' },
      pickup: { title: '取证', hint: '领取已办结的证照' },
      proof: { title: '打印证明', hint: '打印带验证码的证明' },
      query: { title: '查询', hint: '查询办件进度和记录' },
    },
    unavailable: '暂停服务',
    notYetOpen: '此项服务暂未开通,请到人工窗口办理',
  },
  reason: {
    offline: '网络中断,请稍后再试',
    noDevice: '本机未配置所需设备',
    deviceOffline: '设备未连接,工作人员正在处理',
    deviceFault: '设备故障,工作人员正在处理',
    paperOut: '打印纸已用完,工作人员正在补充',
    coverOpen: '打印机盖未关好',
    cashBoxFull: '钱箱已满,暂不能收取现金',
    maintenance: '设备维护中,请稍候',
    serviceDisabled: '本机暂不提供此项服务，请到人工窗口办理',
  },
  attract: {
    title: '轻触屏幕开始办理',
    subtitle: 'Touch the screen to start',
    hint: '请准备好您的居民身份证',
  },
  idle: {
    title: '您还在吗?',
    body: '{{seconds}} 秒后将自动退出,并清除您的全部信息',
    more: '我还需要时间',
    exit: '退出办理',
  },
  recovering: { title: '正在恢复…', body: '系统正在重新连接,请稍候,无需任何操作' },
  outOfService: {
    title: '本机暂停服务',
    body: '设备正在维护,请前往人工窗口或使用附近的其他自助终端',
    hotline: '咨询电话 12345',
  },
  noToken: { title: '无法连接服务', body: '请由工作人员重新启动本机' },
  common: { back: '返回', home: '首页', next: '下一步', confirm: '确认', cancel: '取消', done: '完成', retry: '重试' },
  devPanel: { title: '演示设备面板', hint: '仅演示模式可见' },
};

export type CommonStrings = typeof zh;

export const en: CommonStrings = {
  appName: 'Budayang',
  appTagline: '24-hour government self-service',
  header: {
    language: '中文',
    languageAria: 'Switch to Chinese',
    elderly: 'Senior mode',
    elderlyOn: 'Senior mode · on',
    elderlyAria: 'Toggle senior mode: larger text, higher contrast, more time',
    exit: 'Exit',
  },
  home: {
    title: 'What would you like to do?',
    subtitle: 'Open 24 hours · never closes',
    services: {
      apply: { title: 'Apply', hint: 'Apply for a single service' },
      bundle: { title: 'One-stop', hint: 'Several services in one go' },
      pay: { title: 'Pay fees', hint: 'QR code or cash' },
      pickup: { title: 'Collect', hint: 'Collect an approved certificate' },
      proof: { title: 'Print proof', hint: 'Print a verifiable proof' },
      query: { title: 'Track', hint: 'Case progress and records' },
    },
    unavailable: 'Unavailable',
    notYetOpen: 'Not yet offered at this kiosk; please visit a service window',
  },
  reason: {
    offline: 'Network down; please try again later',
    noDevice: 'This kiosk has no device for this',
    deviceOffline: 'Device disconnected; staff have been told',
    deviceFault: 'Device fault; staff have been told',
    paperOut: 'Out of paper; staff are refilling it',
    coverOpen: 'Printer cover is open',
    cashBoxFull: 'Cash box full; cash not accepted now',
    maintenance: 'Device under maintenance',
    serviceDisabled: 'Not offered at this kiosk; please visit a service window',
  },
  attract: {
    title: 'Touch the screen to start',
    subtitle: '轻触屏幕开始办理',
    hint: 'Please have your resident ID card ready',
  },
  idle: {
    title: 'Are you still there?',
    body: 'Exiting in {{seconds}} s; all your information will be cleared',
    more: 'I need more time',
    exit: 'Exit',
  },
  recovering: { title: 'Recovering…', body: 'Reconnecting; please wait, nothing to do' },
  outOfService: {
    title: 'Out of service',
    body: 'This kiosk is under maintenance; please use a service window or another kiosk nearby',
    hotline: 'Hotline 12345',
  },
  noToken: { title: 'Cannot connect', body: 'Please ask staff to restart this kiosk' },
  common: { back: 'Back', home: 'Home', next: 'Next', confirm: 'Confirm', cancel: 'Cancel', done: 'Done', retry: 'Retry' },
  devPanel: { title: 'Demo device panel', hint: 'Demo mode only' },
};
