document.title = "政报问答";
