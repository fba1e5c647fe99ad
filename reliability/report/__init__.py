"""Reports of a profile: terminal (``terminal``), HTML pages (``html``, text highlighting in
``highlight``) and Markdown (``markdown``); ``common`` holds what the formats share and
``reference`` the reference score distribution they compare against."""
