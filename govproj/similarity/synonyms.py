"""Domain vocabulary of the duplicate-construction check, kept as data apart from the engine.

Two tables, both edited by people who read project declarations, not by programmers:

* ``SYNONYMS``: groups of interchangeable spellings; the engine rewrites every member to the
  first one before it cuts text into terms, so “OA” and “协同办公”, or “监控视频” and
  “视频监控”, become the same terms. Only spellings that mean the same system belong in a
  group: a loose group (监测 ≈ 监控) would make different systems look alike.
* ``GENERIC``: words every declaration uses whatever it builds (平台、系统、建设、智慧、
  place names of Qinzhou …). They never count as evidence of similarity; IDF would shrink
  them anyway, but a list keeps them from joining distinctive words into misleading terms
  (“交通” + “平台”) and keeps them out of the phrases shown as the reason for a match.

Latin letters are matched in lower case, whole words only (“oa” does not match inside “koala”).
"""

SYNONYMS: tuple[tuple[str, ...], ...] = (
    # Government service and office work
    ("一网通办", "政务服务一体化", "一体化政务服务", "一网办理"),
    ("办公自动化", "oa", "协同办公", "oa办公"),
    ("12345热线", "12345政务服务便民热线", "12345便民服务热线", "12345市民热线", "市民服务热线", "政务服务便民热线"),
    ("统一身份认证", "统一认证", "单点登录", "sso"),
    ("电子证照", "电子证件"),
    ("电子印章", "电子签章"),
    ("门户网站", "政府网站", "网站群", "政务网站"),
    ("数据共享交换", "数据交换共享", "共享交换", "数据共享与交换", "数据交换与共享"),
    ("政务外网", "电子政务外网"),
    ("政务云", "政务云平台", "电子政务云"),
    ("数据中心", "大数据中心"),
    ("信创", "信息技术应用创新", "国产化替代"),
    ("视频会议", "视频会商", "远程视频会商", "视频会议系统"),
    ("运维", "运行维护", "运营维护"),
    # Presentation and access channels
    ("驾驶舱", "领导驾驶舱", "可视化大屏", "数据大屏", "大屏展示", "大屏可视化"),
    ("移动端", "app", "手机app", "移动app", "移动客户端", "手机客户端", "手机端"),
    ("小程序", "微信小程序"),
    ("一张图", "一张图展示", "一图展示"),
    # Sensing, video, maps
    ("视频监控", "监控视频", "视频监测", "视频监视", "视频监控联网"),
    ("地理信息", "gis", "地理信息系统"),
    ("物联网", "iot", "物联感知"),
    ("无人机", "无人驾驶航空器"),
    ("预警", "告警", "报警提醒", "预警提醒"),
    ("统计分析", "统计报表分析", "综合分析"),  # not 数据分析: it stands inside 大数据分析
    # Departments and their fields (also unit names: 城管局 = 城市管理局)
    ("城市管理", "城管"),
    ("卫生健康", "卫健"),
    ("人力资源和社会保障", "人社"),
    ("社会保险", "社保"),
    ("市场监督管理", "市场监管"),
    ("住房和城乡建设", "住建"),
    ("生态环境", "环保", "环境保护"),
    ("文化旅游", "文旅", "文化和旅游"),
    ("公安交通管理", "交警"),
    ("发展和改革", "发改"),
    # Recurring systems
    ("网格化管理", "网格管理", "网格化服务管理"),
    ("河湖长制", "河长制", "河湖长"),
    ("电子健康档案", "居民健康档案", "健康档案"),
    ("电子病历", "病历电子化"),
    ("质量追溯", "溯源", "追溯", "质量溯源"),
    ("信号控制", "信号灯控制", "信号配时"),
    ("移动执法", "掌上执法", "移动办案"),
    ("不动产登记", "不动产统一登记"),
)

GENERIC: frozenset[str] = frozenset({
    # what every project builds
    "平台", "系统", "子系统", "建设", "项目", "工程", "管理", "管理系统", "信息", "信息系统", "软件",
    "智慧", "智能", "智能化", "数字", "数字化", "信息化", "网络化", "现代化", "一期", "二期", "三期",
    "升级", "改造", "升级改造", "完善", "提升", "新建", "扩建", "续建", "配套", "采购", "部署",
    "功能", "模块", "功能模块", "应用", "综合", "整合", "集成", "开发", "构建", "打造", "推进", "实现",
    "提供", "开展", "进行", "建立", "包括", "主要", "相关", "各类", "全面", "有效", "进一步", "需求",
    "工作", "业务", "体系", "能力", "水平", "支撑", "保障", "基础", "内容", "方面", "全市", "全区", "全县",
    "市级", "县级", "区级", "本级", "市本级", "县区", "各县区", "我市", "我局", "钦州", "钦州市", "数字钦州",
    "广西", "自治区", "灵山", "灵山县", "浦北", "浦北县", "钦南", "钦南区", "钦北", "钦北区", "人民政府",
    # function words that jieba keeps as words
    "以及", "通过", "用于", "对于", "及其", "等等", "一个", "一套", "一批", "其中", "同时", "并且", "为了",
    "的", "和", "与", "及", "等", "对", "在", "为", "将", "是", "了", "并", "以", "于", "其", "或", "由",
    "向", "把", "被", "从", "到", "个", "套", "项", "中", "上", "下", "内",
})
