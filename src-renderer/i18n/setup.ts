// Strings of the technician's setup screen (a packaged kiosk without a usable site config).
// Technician-facing, shown in both languages at once; no secret ever appears on it.

export const zh = {
  title: '本机尚未完成安装',
  intro: '请技术人员完成以下步骤。完成后本机会在几秒钟内自动进入服务界面，无需重启。',
  problem: {
    siteConfigMissing: '未找到站点配置文件。',
    siteConfigInvalid: '站点配置文件格式有误，请检查后重新保存。',
    profileUnreadable: '站点配置指定的机器配置文件不存在或无法读取。',
    profileNotProduction: '站点配置指定的不是正式运行配置（mode 须为 production）。正式机器不运行演示或模拟配置。',
  },
  steps: {
    profile: '把本机的机器配置文件（JSON，mode 为 production）复制到站点配置旁边，例如 {{profile}}。',
    site: '在下面的位置写入站点配置：',
    data: 'dataDir 是本机的数据目录（数据库、密钥、日志），请使用本机专用账户可写的目录。',
    wait: '保存后请稍候，本机会自动启动。',
  },
  more: '详细说明见运维手册「安装站点配置」一节（docs/operators.md）。',
};

export const en: typeof zh = {
  title: 'This kiosk is not set up yet',
  intro: 'A technician needs to finish the steps below. The kiosk then starts by itself within seconds; no restart is needed.',
  problem: {
    siteConfigMissing: 'No site config was found.',
    siteConfigInvalid: 'The site config is not valid; check it and save it again.',
    profileUnreadable: 'The kiosk profile named by the site config does not exist or cannot be read.',
    profileNotProduction: 'The profile named by the site config is not a production profile (mode must be production). A packaged kiosk never runs a demo or simulated profile.',
  },
  steps: {
    profile: "Copy this kiosk's profile (JSON, mode production) next to the site config, e.g. {{profile}}.",
    site: 'Write the site config at this location:',
    data: "dataDir is the kiosk's data directory (database, keys, logs); use a folder the kiosk account can write.",
    wait: 'Once saved, wait a moment: the kiosk starts by itself.',
  },
  more: 'The operators guide (docs/operators.md, "Installing the site config") has the details.',
};
